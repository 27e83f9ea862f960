"""Run the benchmarks: python -m bench [NAME ...] (names as in bench/bench_NAME.py)."""
import importlib
import os
import pkgutil
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orgchart.settings")


def main(names):
    import django

    django.setup()
    folder = Path(__file__).parent
    modules = sorted(info.name for info in pkgutil.iter_modules([str(folder)]) if info.name.startswith("bench_"))
    chosen = [m for m in modules if not names or m.removeprefix("bench_") in names]
    if not chosen:
        print("no benchmarks found" if not modules else f"no benchmark named {names}; have {modules}")
        return 1
    for name in chosen:
        print(f"\n== {name}")
        importlib.import_module(f"bench.{name}").run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
