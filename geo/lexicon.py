"""Generic lexicons of the genre: name heads, frame words, generic modifiers.

No park or project name lives here: only the suffixes names end with, the verbs and function
words that frame them, and the words that make a mention generic (重点园区, 一批项目). Lists are
whitespace-separated so that they stay readable.
"""

from __future__ import annotations

import re


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Heads: the suffix that makes a name a park, base, project, corridor or region; longer heads
# win over their own tails (工业园区 over 园区).
PARK_HEADS = _words(
    """
    工业园区 工业园 产业园区 产业园 物流园区 物流园 科技园区 科技园 园区 经济技术开发区
    经济开发区 高新技术产业开发区 开发区 高新区 新区 综合保税区 保税区 保税港区
    经济合作区 合作区 示范区 试验区 先导区 自由贸易试验区 自由贸易区 自贸区 互市贸易区
    贸易区 物流港 无水港 陆港 核心区 展示区 集聚区 产业城 科技城 工业集中区 制造园 创业园 孵化园
    """
)
BASE_HEADS = _words(
    """
    基地 数据中心 产业集群
    """
)
PROJECT_HEADS = _words(
    """
    项目 工程 电站 电厂 机场 储气调峰中心 调峰中心 地铁 大桥 水利枢纽 后方通道
    """
)


CORRIDOR_HEADS = _words(
    """
    高速
    铁路 高铁 快速铁路 城际快速铁路 城际铁路 客运专线 高速公路 公路 通道 输电通道
    外送电通道 大通道 管道 输气管道 长输管道 天然气管道 连接线 联络线
    """
)


REGION_HEADS = _words(
    """
    次区域中心 发展区 协作区 经济区 经济带
    """
)

# Tails that may follow a head and belong to the name: 机场迁建, 铁路扩能改造, 大桥及引线.
HEAD_TAILS = _words(
    """
    改扩建工程 迁建 改扩建 扩建 扩能改造 电气化改造 扩能 及引线
    """
)

# Words ending with a head that name a field of study, not a works (遗传工程).
DISCIPLINES = _words(
    """
    遗传工程 基因工程 生物工程 系统工程 软件工程 土木工程 化学工程 细胞工程 胚胎工程 育种工程
    信息工程 环境工程 机械工程 电气工程 材料工程
    """
)

# Heads of parks that are regions when the qualifier spans several units.
MULTI_UNIT_HEADS = _words(
    """
    合作区 示范区 核心区 试验区 发展区 协作区 次区域中心 经济区
    """
)

HEAD_KIND: dict[str, str] = {
    **{h: "park" for h in PARK_HEADS},
    **{h: "base" for h in BASE_HEADS},
    **{h: "project" for h in PROJECT_HEADS},
    **{h: "corridor" for h in CORRIDOR_HEADS},
    **{h: "region" for h in REGION_HEADS},
}

# Verbs and frames after which a name starts (推进…建设, 依托…, 以…为重点): the last one in a
# segment cuts it. They do not occur inside names of this genre.
CUT_WORDS = _words(
    """
    推进 推动 加快 建设 建成 新建 开工 依托 支持 打造 实施 启动 规划 布局 加强
    完善 促进 培育 提升 扩大 设立 建立 形成 开展 引导 鼓励 发挥 围绕 整合 贯通
    研究 争取 做好 抓好 重点建设 合力 共同 着力 积极 大力 优先 继续 进一步 全面
    加大 建好 办好 用好 探索 谋划 落实 参与 对接 聚焦 坚持 包括 以及 入驻 落户
    位于 通过 为主 为基础 为重点 为依托 为核心 为载体 创建 构建 强化 突出 打通 实现
    衔接 遏制 推行 执行 面向 连通 增加 延伸至 赋予 开通 加密 升级为 设为 成为 作为
    畅通 现将 是 为 向 在 进入 共建 的 吸引 投资 利用 承揽 有 一批 一些 若干 各类 建设成
    打造成
    """
)

# Words stripped only at the start of a segment (they may occur inside a name elsewhere).
LEADING_WORDS = _words(
    """
    以 在 把 将 对 向 到 从 为 是 与 和 及 同 由 于 使 重点 主要 其中 包括
    特别是 尤其是 依托 推进 建设 的 了 并 且 逐步 加快 积极 大力 努力 力争 全力
    同时 继续 开展 完善 合作
    """
)

# Status words dropped from a name (在建火电项目 -> 火电项目), kept in its surface.
STATUS_WORDS = _words(
    """
    在建 拟建 续建 已建 新建 规划建设 规划 筹建
    """
)

# Words that name nothing in particular: a qualifier of only these (and industry words) is no
# name (重点园区, 各类园区, 省级经济开发区, 承接产业转移示范区).
GENERIC_WORDS = _words(
    """
    重点 各类 各地 各级 各 一批 一些 若干 现有 已有 省级 国家级 市级 县级 自治区级
    相关 有关 该 本 其 这些 此类 大型 中小 特色 优势 主要 重大 新型 现代 综合
    配套 共建 承接 产业转移 转移 产业 工业 经济 技术 开发 开放 合作 国家 国际 区域
    跨区域 沿边 边境 跨境 示范 试点 城市 地区 盟市 旗县 县域 园区 企业 高校 科技
    创新 创业 生态 绿色 循环 高新 高新技术 产业化 产能 生产 加工 研发 中试 出口
    供应 保障 输出 服务 重要 国内 境外 海外 全国 全省 全区 省内 区内 市内 周边
    毗邻 沿线 省际 交界 协调 发展 高质量 一体化 标准化 规模化 集约化 专业 专业化
    特种 高端 先进 清洁 基础 实训 养老 双创 文化 消纳 承接地 临时 常年 一带一路
    大数据 高技术 自主创新 其他 其它 省市 地方 当地 本地 沿海 内陆 主 大 新 老
    多条 多个 一个 两个 三个 首个 第一 重点领域 领域 行业 业 类 环渤海 中西部
    中东部 东部 西部 中部 东北 西北 华北 华中 华东 南北 东西 蒙东 京津冀 长三角
    珠三角 沿黄 黄河流域 流域 西电东送 北电南送 断头路 瓶颈路段 农畜产品 畜产品 农产品
    菜篮子 生产基地 示范基地 长江 黄河 城外 城内 城区 中心城区 销售 轻轨 升级 辐射
    延伸 带动 承揽 通行 方式 运输 货运 客运 连接 出区 口岸 跨区域消纳 防治 治理
    保护 联防联治 专项 水平 高水平 大能力 低碳 能源 外送 电力 信息 网络 互联
    医疗卫生 林业 防护林 退耕还林 退牧还草 惠民 增收 一卡通 社会保障 两高 飞地 平原
    城市群 大中城市 国道 普通 外包 承接基地 紧密 联系 中介 中国 我国 北方 南方 芳烃 煤制
    """
)

# Quantifiers and list markers between coordinated items and their shared head.
LIST_MARKER = re.compile(r"^(?:等|三大|两大|四大|五大|六大|两个|三个|四个|五个|[二三四五六七八九十两]+个)")
DASHES = "-—–－~～"
