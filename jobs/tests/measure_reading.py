"""Read uploaded files the way the imports do, each in its own process, and say what it cost.

``python -m jobs.tests.measure_reading KIND PATH [KIND PATH …]`` (KIND is ``workbook`` or
``docx``) sets Django up once, then forks one child per file.  The child caps its address
space (so that a reader that fails to refuse a hostile file dies with MemoryError instead of
taking the machine), reads the file with ``read_tables`` or ``read_docx`` and reports how it
ended and how long reading took; the parent adds the child's peak resident memory from
``os.wait4``.  One JSON object per file is printed: ``{"outcome", "message", "seconds",
"peak_mb"}``, where outcome is ``refused``, ``read`` or the name of the exception raised.
"""
import json
import os
import resource
import sys
import time

HEADROOM_BYTES = 1024 * 1024 * 1024
CPU_SECONDS = 120


def _address_space():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _read(kind, path):
    from jobs.importing.reading import UnreadableFile, read_tables
    from jobs.importing.word import UnreadableDocument, read_docx

    with open(path, "rb") as handle:
        content = handle.read()
    cap = _address_space() + HEADROOM_BYTES
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    start = time.perf_counter()
    try:
        if kind == "docx":
            read_docx(content=content, source=os.path.basename(path))
        else:
            read_tables(content=content, filename=os.path.basename(path))
        outcome, message = "read", ""
    except (UnreadableFile, UnreadableDocument) as error:
        outcome, message = "refused", str(error)
    except BaseException as error:  # any other ending (MemoryError, a crash) is what the test reports
        outcome, message = type(error).__name__, str(error)[:500]
    return {"outcome": outcome, "message": message, "seconds": time.perf_counter() - start}


def main(arguments):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orgchart.settings")
    django.setup()
    import jobs.importing.reading  # the readers are loaded before forking, as in a server worker
    import jobs.importing.word

    for kind, path in zip(arguments[::2], arguments[1::2]):
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(reader)
            try:
                result = _read(kind, path)
            except BaseException as error:
                result = {"outcome": type(error).__name__, "message": str(error)[:500], "seconds": 0}
            os.write(writer, json.dumps(result, ensure_ascii=False).encode())
            os._exit(0)
        os.close(writer)
        chunks = []
        while chunk := os.read(reader, 65536):
            chunks.append(chunk)
        os.close(reader)
        _pid, status, usage = os.wait4(pid, 0)
        result = json.loads(b"".join(chunks) or b'{"outcome": "killed", "message": "", "seconds": 0}')
        result.update(peak_mb=usage.ru_maxrss / 1024, status=status, path=path)
        print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
