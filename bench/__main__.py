"""Run the benchmarks: python -m bench [NAME ...] (names as in bench/bench_NAME.py).

Without names every benchmark runs except those whose module sets ``ON_REQUEST_ONLY`` (too long,
or disturbing the machine's shared services); those run when named."""
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
        module = importlib.import_module(f"bench.{name}")
        if not names and getattr(module, "ON_REQUEST_ONLY", False):
            print(f"\n== {name}: only on request (make bench BENCH={name.removeprefix('bench_')})")
            continue
        print(f"\n== {name}")
        module.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
