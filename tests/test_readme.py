"""The README's commands are the ones CI and users run."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", text)


def test_readme_opens_with_two_commands():
    commands = readme_commands()
    assert len(commands) >= 2
    assert "pip install" in commands[0] and "streamlit run app.py" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == readme_commands()[1]


def test_the_module_map_names_every_module_and_folder_of_the_package():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## How it works") : text.index("## Quality")]
    for path in (ROOT / "geo").rglob("*.py"):
        if path.name not in ("__init__.py", "__main__.py", "cli.py", "build.py"):
            assert f"`{path.name}`" in section or f"`../{path.name}`" in section, path
    for folder in (p for p in (ROOT / "geo").iterdir() if (p / "__init__.py").exists()):
        assert f"`{folder.name}/`" in section, folder
    assert "cli.py" in section and "build.py" in section
