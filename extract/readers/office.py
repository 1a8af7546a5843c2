"""One LibreOffice per worker process, kept alive across files.

Starting LibreOffice costs seconds; converting a .doc once it runs costs a fraction of one.
The first .doc a process converts starts a headless LibreOffice listening on a pipe of its
own, with a fresh profile (two instances sharing a profile block each other), and a small
bridge process that converts files on request over LibreOffice's UNO interface. The bridge
runs under a Python that has LibreOffice's UNO bindings (on Debian and Ubuntu the system
Python with python3-uno; LibreOffice's own Python elsewhere), as unoserver does; phuluc's
own Python need not have them. Later files reuse both processes. A dead LibreOffice or bridge
is started again for the next file; the bridge kills LibreOffice when the worker that started
it goes away, however it went.

``convert`` returns False when no server can be had (no UNO bindings, LibreOffice would not
start, ``PHULUC_OFFICE_SERVER=0``): the caller then converts with one LibreOffice run per file.
"""

from __future__ import annotations

import atexit
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

from phuluc.extract.model import PhulucError

# Everything the server keeps (profile, LibreOffice's temporary files) is in one folder named
# so: a worker that empties its temporary folder between files must leave it alone.
PROFILE_PREFIX = "phuluc-office-"
STARTUP_TIMEOUT = 60.0  # seconds for a cold LibreOffice with a fresh profile to accept connections
# Where a Python with UNO may be, besides phuluc's own: the one LibreOffice bundles (Windows,
# macOS, the upstream Linux packages) and the system's (Debian/Ubuntu python3-uno).
_UNO_PYTHONS = ("/usr/bin/python3", "/usr/local/bin/python3")

# The bridge: connects to LibreOffice, then converts one file per request line (JSON) until its
# stdin closes; watches its parent and kills LibreOffice's process group when the parent dies.
_BRIDGE = r"""
import json, os, shutil, signal, sys, threading, time
import uno
from com.sun.star.beans import PropertyValue

pipe, pgid, profile, timeout = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
parent = os.getppid()

def stop(code):
    try:
        os.killpg(pgid, signal.SIGKILL)
    except OSError:
        pass
    shutil.rmtree(profile, ignore_errors=True)
    os._exit(code)

def watch():
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            stop(0)

threading.Thread(target=watch, daemon=True).start()

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
deadline = time.monotonic() + timeout
while True:
    try:
        ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        break
    except Exception:
        try:
            os.killpg(pgid, 0)  # LibreOffice still there?
        except OSError:
            stop(1)
        if time.monotonic() > deadline:
            stop(2)
        time.sleep(0.1)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    try:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(req["src"]), "_blank", 0,
                                           (prop("Hidden", True), prop("ReadOnly", True)))
        if doc is None:
            raise RuntimeError("LibreOffice could not load the file")
        try:
            doc.storeToURL(uno.systemPathToFileUrl(req["dst"]), (prop("FilterName", req["filter"]),))
        finally:
            doc.close(True)
        reply = {"ok": True}
    except Exception as e:
        reply = {"error": f"{type(e).__name__}: {e}".splitlines()[0][:300]}
    print(json.dumps(reply), flush=True)
try:
    desktop.terminate()
except Exception:
    pass
stop(0)
"""


class _Server:
    """A running LibreOffice and its bridge."""

    def __init__(self, soffice: str, python: str, startup: float) -> None:
        self.soffice = soffice
        self.owner = os.getpid()  # a forked worker inherits this object but not the server
        self.profile = Path(tempfile.mkdtemp(prefix=PROFILE_PREFIX))
        pipe = f"phuluc-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        env = dict(os.environ)
        env.setdefault("HOME", str(self.profile))  # soffice wants a writable home even with its own profile
        (self.profile / "tmp").mkdir()
        env["TMPDIR"] = str(self.profile / "tmp")  # its temporary files live and go with the server
        self.office = subprocess.Popen(
            [soffice, f"-env:UserInstallation={(self.profile / 'user').as_uri()}", "--headless", "--invisible",
             "--nologo", "--norestore", "--nolockcheck", "--nodefault",
             f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
            start_new_session=True,  # its own process group: soffice.bin goes with it
        )
        self.bridge = subprocess.Popen(
            [python, "-c", _BRIDGE, pipe, str(self.office.pid), str(self.profile), str(startup)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        reply = self._reply(startup + 5)
        if not (reply and reply.get("ready")):
            try:
                code = self.bridge.wait(timeout=5)
            except subprocess.TimeoutExpired:
                code = None
            self.stop()
            if code in (2, None):  # still starting when its time ran out
                raise TimeoutError(startup)
            raise OSError("LibreOffice did not start as a server")

    def alive(self) -> bool:
        return self.office.poll() is None and self.bridge.poll() is None

    def _reply(self, timeout: float | None) -> dict | None:
        out = self.bridge.stdout
        assert out is not None
        with selectors.DefaultSelector() as sel:
            sel.register(out, selectors.EVENT_READ)
            if not sel.select(timeout):
                return None
        line = out.readline()
        return json.loads(line) if line else None

    def convert(self, src: Path, dst: Path, filter_name: str, timeout: float | None) -> str | None:
        """None when done, else LibreOffice's reason. PhulucError when it runs out of time."""
        assert self.bridge.stdin is not None
        try:
            self.bridge.stdin.write(json.dumps({"src": str(src), "dst": str(dst), "filter": filter_name}) + "\n")
            self.bridge.stdin.flush()
        except OSError:
            return "the LibreOffice bridge went away"
        reply = self._reply(timeout)
        if reply is None:
            if self.alive():  # no answer in time: LibreOffice is stuck on this file
                self.stop()
                raise PhulucError(f"gave up after {timeout:.0f} s: LibreOffice did not finish converting "
                                  "in the file's time")
            return "LibreOffice stopped during the conversion"
        return None if reply.get("ok") else str(reply.get("error") or "no reason given")

    def stop(self) -> None:
        end_process(self.bridge)
        end_process(self.office, group=True)  # soffice.bin runs in the office's own group
        shutil.rmtree(self.profile, ignore_errors=True)


def end_process(proc: subprocess.Popen, group: bool = False) -> None:
    """Kill a child (its whole process group with ``group``) and reap it; gone already is fine."""
    try:
        if group:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


_lock = threading.Lock()
_server: _Server | None = None
_python: str | None | bool = False  # False: not looked for yet


def _uno_python(soffice: str) -> str | None:
    """A Python that can import uno: phuluc's own, LibreOffice's, or the system's."""
    global _python
    if _python is not False:
        return _python  # type: ignore[return-value]
    bundled = Path(soffice).resolve().parent / "python"
    candidates = [sys.executable, str(bundled), *_UNO_PYTHONS]
    _python = None
    for py in dict.fromkeys(candidates):
        if not Path(py).is_file():
            continue
        try:
            ok = subprocess.run([py, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        if ok:
            _python = py
            break
    return _python  # type: ignore[return-value]


def convert(soffice: str, src: Path, dst: Path, filter_name: str, timeout: float | None) -> bool:
    """Convert ``src`` to ``dst`` with this process's LibreOffice server.

    True when ``dst`` was written; False when there is no server, or the server could not
    convert this file (the caller's one-run conversion then gives the reason). PhulucError
    when ``timeout`` seconds pass first.
    """
    global _server
    if os.environ.get("PHULUC_OFFICE_SERVER", "1") == "0":
        return False
    with _lock:  # one conversion at a time per process: one LibreOffice document at a time
        python = _uno_python(soffice)
        if python is None:
            return False
        if _server is not None and _server.owner != os.getpid():
            _server = None  # the parent's server, inherited through fork: leave it to the parent
        if _server is not None and (not _server.alive() or _server.soffice != soffice):
            _server.stop()  # it died since the last file (or another LibreOffice is asked for)
            _server = None
        if _server is None:
            startup = STARTUP_TIMEOUT if timeout is None else min(STARTUP_TIMEOUT, timeout)
            try:
                _server = _Server(soffice, python, startup)
            except TimeoutError:
                if startup < STARTUP_TIMEOUT:  # the file's own time ran out: a run of its own would too
                    raise PhulucError(f"gave up after {startup:.0f} s: LibreOffice did not finish starting "
                                      "in the file's time") from None
                return False
            except OSError:
                return False
        problem = _server.convert(src, dst, filter_name, timeout)
        if problem is not None and not _server.alive():
            _server.stop()
            _server = None
        return problem is None and dst.is_file() and dst.stat().st_size > 0


def shutdown() -> None:
    """Stop this process's LibreOffice server (at exit; also safe to call twice)."""
    global _server
    with _lock:
        if _server is not None and _server.owner == os.getpid():
            _server.stop()
        _server = None


atexit.register(shutdown)
