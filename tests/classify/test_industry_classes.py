"""Industry words of real text that the taxonomy's keywords missed (issue 12), each a class of
names read on invented ones: irrigation districts farm, fruit-and-vegetable bases farm, green
hydrogen is power and chemicals, innovation belts are research and digital, free-trade pilot
zones trade and logistics, and words that hold a keyword but mean something else."""

from __future__ import annotations

import pytest

from geo.classify.tags import classify_text


@pytest.mark.parametrize(
    ("name", "kind", "codes"),
    [
        # 灌区: irrigation (GB/T 4754 A0512) as well as water works
        ("瑞丰大型灌区", "project", {"water_env", "agrifood"}),
        ("金川灌区现代化改造", "project", {"water_env", "agrifood"}),
        # 果菜: fruit and vegetable growing (A014)
        ("瑞丰露地果菜基地", "base", {"agrifood"}),
        # green hydrogen, ammonia and methanol from green power
        ("瑞丰绿电氢氨醇项目", "project", {"power", "chemicals"}),
        ("金川绿色氢基能源一体化项目", "project", {"power", "chemicals"}),
        # 炼化 is refining (C25, as 炼油) and chemicals
        ("瑞丰炼化一体化工程", "project", {"oil_gas", "chemicals"}),
        # innovation belts and corridors, as 科创
        ("瑞丰科技创新走廊", "region", {"services", "digital"}),
        ("沿金川创新发展带", "region", {"services", "digital"}),
        ("瑞丰科创带", "region", {"services", "digital"}),
        # free-trade pilot zones and their sections
        ("瑞丰自贸试验区金川片区", "park", {"logistics", "services"}),
        ("瑞丰自贸区", "park", {"logistics", "services"}),
        ("中国(瑞丰)自由贸易试验区", "park", {"logistics", "services"}),
        ("瑞丰综保区", "park", {"logistics"}),
        # services: legal services, start-up spaces (M7540)
        ("瑞丰中央法务区", "park", {"services"}),
        ("瑞丰创客梦工场", "base", {"services"}),
        ("瑞丰大学生创新工场", "base", {"services"}),
        ("瑞丰量子谷", "park", {"digital"}),
        ("瑞丰稀贵金属集群", "base", {"metallurgy", "new_materials"}),
        ("瑞丰盐穴综合利用示范基地", "base", {"oil_gas", "power"}),
        ("瑞丰商品骨干流通走廊", "corridor", {"logistics"}),
        # transport words of lines and stations
        ("瑞丰都市圈西环线", "corridor", {"transport"}),
        ("瑞丰滨海快线", "corridor", {"transport"}),
        ("瑞丰东站站房", "project", {"transport"}),
    ],
)
def test_industry_words_of_real_text(name, kind, codes):
    assert set(classify_text(name, kind=kind).codes) == codes


@pytest.mark.parametrize(
    ("name", "kind", "codes"),
    [
        # 新能源 before a vehicle word is the vehicle's kind, no power generation
        ("瑞丰新能源商用车项目", "project", {"automotive"}),
        # 电子化学品 are chemicals, no electronics
        ("瑞丰新材料及电子化学品产业园", "park", {"new_materials", "chemicals"}),
        # a logistics hub's type says whom it serves
        ("瑞丰商贸服务型国家物流枢纽", "park", {"logistics"}),
        ("瑞丰生产服务型国家物流枢纽", "park", {"logistics"}),
    ],
)
def test_words_holding_a_keyword_that_mean_something_else(name, kind, codes):
    assert set(classify_text(name, kind=kind).codes) == codes


def test_a_trade_word_counts_only_in_a_name():
    # 流通 in running prose (商品流通) says nothing of the park the sentence names
    assert classify_text("瑞丰产业园", "瑞丰产业园加快建设,促进商品流通。").codes == ("general",)
