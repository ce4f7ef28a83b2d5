"""Real-time priority for the threads that carry the sound, where the desktop grants it.

Sound reaches PulseAudio (or PipeWire's PulseAudio service) through two threads of ours in a row:
libpulse's mainloop thread (``threaded-ml``, started by ALSA's ``pulse`` plugin) is told the server
wants data and wakes PortAudio's callback thread, which computes the block and writes it. Either
one held off the CPU for ~100 ms empties the buffer (43 ms as PortAudio picks it, 64 ms as
backends.OUTPUT_LATENCY_S asks): the learner hears a click or a hole.
Measured on the rig (2 cores, 48 kHz, a 10-minute episode transcribing beside and four busy
processes at normal priority, 2-minute loops): 10, 6 and 10 underflow-flagged blocks (two per
dropout) with both threads at normal priority, 8 with only PortAudio's callback threads real-time,
10 with only libpulse's, 0, 8, 2 and 4 with both. The stalls left were not ours: a third thread
carries every block, the sound server's main thread (PulseAudio's at nice -11, not real-time by
design), and a nice-10 transcription held it off; ``cyclictest`` at real-time priority beside it
waited at most 16 ms. A real-time ``pacat`` ran dry 2 and 7 times in 2.5 minutes beside a nice-10 transcription, 0 and
0 with the server's main thread made real-time, 0 and 0 with the transcription in the idle
scheduling class, which is where the transcription worker now runs (its ``idle_class``).
backends.OUTPUT_LATENCY_S's 64-ms playback buffer adds margin on top.

So both kinds of thread ask for real-time scheduling (SCHED_RR, a low priority, below the sound
server's), the way desktop audio clients do: directly where ``RLIMIT_RTPRIO`` or ``CAP_SYS_NICE``
allows it (the ``audio`` or ``pipewire`` group on many distributions), else through RealtimeKit on
the system bus (what PulseAudio and PipeWire themselves use on a desktop). Failing both, a higher
scheduling weight (a negative nice value), directly or through RealtimeKit. Where nothing is
granted the threads stay as they were and :attr:`Promotion.how` says so (``shadowing devices``
prints it). The threads spend microseconds per block and then wait on the sound server, so they
take nothing from other programs. RealtimeKit requires a bound (``RLIMIT_RTTIME``, 200 ms of CPU
without blocking, after which the kernel ends the process: a recording then keeps all but its last
half second); granted directly, the kernel's real-time throttling (95 % of a core) is the bound.
"""

from __future__ import annotations

import os
import resource
import threading
from dataclasses import dataclass

from ..i18n import translate

PRIORITY = 3  # SCHED_RR priority: above every normal thread, below the sound server (PulseAudio 5, PipeWire 20-88)
NICE = -11  # the fallback: PulseAudio's own nice level when it gets no real-time priority
RTTIME_US = 200_000  # CPU time a real-time thread may use without blocking (RealtimeKit's default maximum)
LIBRARY_THREADS = ("threaded-ml",)  # libpulse's mainloop thread (ALSA's pulse plugin, PortAudio's path)
RTKIT = ("org.freedesktop.RealtimeKit1", "/org/freedesktop/RealtimeKit1", "org.freedesktop.RealtimeKit1")


@dataclass(frozen=True)
class Promotion:
    """What the audio threads got: ``how`` is ``"real-time"``, ``"real-time (RealtimeKit)"``,
    ``"high priority"``, ``"high priority (RealtimeKit)"`` or ``""`` (nothing granted: ``why``)."""

    how: str
    threads: int = 0
    why: str = ""

    @property
    def realtime(self) -> bool:
        return self.how.startswith("real-time")

    def describe(self) -> str:
        """One line for the learner (the sound check, ``shadowing devices``)."""
        via = " (RealtimeKit)" if "RealtimeKit" in self.how else ""
        if self.realtime:
            return translate("Sound", "Sound threads: real-time priority") + via
        if self.how:
            return translate("Sound", "Sound threads: raised priority, not real-time") + via
        return translate("Sound", "Sound threads: normal priority ({why}); other work on this computer can make the sound stutter").format(
            why=self.why)


def library_threads() -> list[int]:
    """Thread ids of the sound libraries' own threads in this process (libpulse's mainloop)."""
    found = []
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:  # not Linux
        return []
    for tid in tasks:
        try:
            with open(f"/proc/self/task/{tid}/comm", encoding="utf-8", errors="replace") as fh:
                name = fh.read().strip()
        except OSError:  # the thread ended meanwhile
            continue
        if name in LIBRARY_THREADS:
            found.append(int(tid))
    return sorted(found)


def is_realtime(tid: int) -> bool:
    try:
        policy = os.sched_getscheduler(tid) & ~getattr(os, "SCHED_RESET_ON_FORK", 0)
    except (OSError, AttributeError):
        return False
    return policy in (os.SCHED_FIFO, os.SCHED_RR)


class AudioThreads:
    """Promotes each audio thread once; call :meth:`promote` off the audio callback (it may wait
    on the system bus for up to a second)."""

    def __init__(self):
        self._done: set[int] = set()
        self._lock = threading.Lock()
        self._rtkit = None  # RealtimeKit's limits once asked: (max priority, rttime max µs, min nice)
        self.promotion: Promotion | None = None  # None: no sound thread asked yet (or a file plays)

    def promote(self, tids, libraries: bool = True) -> Promotion:
        """Ask for real-time scheduling (else a higher weight) for these threads and (``libraries``)
        the sound libraries' own; threads already promoted are not asked about again."""
        if not hasattr(os, "sched_setscheduler"):
            self.promotion = Promotion("", why="this system has no real-time scheduling for programs")
            return self.promotion
        with self._lock:
            wanted = [t for t in {*tids, *(library_threads() if libraries else ())} if t and t not in self._done]
            for tid in wanted:
                how, why = self._promote_one(tid)
                if how:
                    self._done.add(tid)
                    self.promotion = Promotion(how, len(self._done))
                elif not self._done:
                    self.promotion = Promotion("", why=why)
            return self.promotion

    def _promote_one(self, tid: int) -> tuple[str, str]:
        try:
            os.sched_setscheduler(tid, os.SCHED_RR | getattr(os, "SCHED_RESET_ON_FORK", 0), os.sched_param(PRIORITY))
            return "real-time", ""
        except PermissionError:
            pass
        except OSError as exc:  # the thread ended meanwhile (ESRCH)
            return "", str(exc)
        how, why = self._ask_rtkit("MakeThreadRealtime", tid)
        if how:
            return how, ""
        why = f"this user may not use real-time scheduling, and {why}"
        try:
            os.setpriority(os.PRIO_PROCESS, tid, NICE)  # Linux: a thread id names that thread
            return "high priority", ""
        except OSError:
            pass
        high, _ = self._ask_rtkit("MakeThreadHighPriority", tid)
        return high, why

    def _ask_rtkit(self, method: str, tid: int) -> tuple[str, str]:
        """Ask RealtimeKit on the system bus; ("", why) where it is missing or refuses."""
        try:
            from jeepney import DBusAddress, MessageType, Properties, new_method_call
            from jeepney.io.blocking import open_dbus_connection
        except ImportError:
            return "", "no D-Bus library (jeepney) reaches RealtimeKit"
        address = DBusAddress(RTKIT[1], bus_name=RTKIT[0], interface=RTKIT[2])
        try:
            with open_dbus_connection(bus="SYSTEM") as bus:
                def call(message):
                    reply = bus.send_and_get_reply(message, timeout=1.0)
                    if reply.header.message_type == MessageType.error:
                        raise RuntimeError(reply.body[0] if reply.body else reply.header.fields)
                    return reply.body

                if self._rtkit is None:
                    props = Properties(address)
                    self._rtkit = (int(call(props.get("MaxRealtimePriority"))[0][1]),
                                   int(call(props.get("RTTimeUSecMax"))[0][1]),
                                   int(call(props.get("MinNiceLevel"))[0][1]))
                top, rttime, lowest_nice = self._rtkit
                if method == "MakeThreadRealtime":
                    _limit_rttime(rttime)
                    call(new_method_call(address, method, "tu", (tid, min(PRIORITY, top))))
                    return "real-time (RealtimeKit)", ""
                call(new_method_call(address, method, "ti", (tid, max(NICE, lowest_nice))))
                return "high priority (RealtimeKit)", ""
        except (OSError, ConnectionError) as exc:  # no system bus
            return "", f"RealtimeKit is not reachable (no system bus: {exc.strerror or exc})"[:200]
        except Exception as exc:  # no RealtimeKit on the bus, or its policy refused
            return "", f"RealtimeKit refused ({exc})"[:200]


def probe() -> Promotion:
    """What the sound threads will get, asked for a short-lived thread of its own (``shadowing
    devices`` says it before any stream is open)."""
    got: list[Promotion] = []
    thread = threading.Thread(target=lambda: got.append(AudioThreads().promote([threading.get_native_id()], False)),
                              name="shadowing-priority-probe", daemon=True)
    thread.start()
    thread.join(5.0)
    return got[0] if got else Promotion("", why="no answer from RealtimeKit")


def _limit_rttime(us: int = RTTIME_US) -> None:
    """RealtimeKit grants real-time scheduling only to a process that bounds it (RLIMIT_RTTIME):
    a real-time thread that runs this long without blocking is stopped by the kernel."""
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_RTTIME)
        if hard == resource.RLIM_INFINITY or hard > us:
            resource.setrlimit(resource.RLIMIT_RTTIME, (us, us))
    except (AttributeError, ValueError, OSError):
        pass


__all__ = ["AudioThreads", "Promotion", "library_threads", "is_realtime", "probe", "PRIORITY"]
