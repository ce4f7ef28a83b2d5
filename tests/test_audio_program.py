"""The loop program, block by block, without a device: every frame number is known exactly."""

import numpy as np
import pytest

from shadowing.audio.program import (Gap, LoopEnded, LoopProgram, LoopSettings, LoopStarted, ProgramDone,
                                     RecordStart, RecordStop, Render, clamp_speed, played_time)

RATE = 8000


def tone(seconds: float, rate: int = RATE) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (0.5 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def run(program: LoopProgram, block: int = 256, limit_s: float = 60.0):
    out, events = [], []
    while not program.done and len(out) * block < limit_s * RATE:
        buf = np.empty(block, np.float32)
        events += program.render(buf)
        out.append(buf)
    return np.concatenate(out), events


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def test_speed_steps_and_limits():
    assert clamp_speed(0.77) == 0.75
    assert clamp_speed(0.2) == 0.5
    assert clamp_speed(3) == 1.5
    assert clamp_speed(1.024) == 1.0


def test_gap_parsing():
    assert Gap.parse("1.5") == Gap(seconds=1.5)
    assert Gap.parse("1.2x").factor == 1.2
    assert Gap.parse("2x").frames(1000, RATE) == 2000
    with pytest.raises(ValueError):
        Gap.parse("-1")
    with pytest.raises(ValueError):
        LoopSettings(mode="sing")


def test_shadow_loops_gaps_and_record_windows_are_frame_exact():
    audio = tone(1.0)
    settings = LoopSettings(mode="shadow", loops=3, gap=Gap(0.5), shadow_tail_s=0.25)
    program = LoopProgram(Render(1.0, audio, audio.size), settings, RATE, start_frame=1000)
    out, events = run(program)
    starts = [e.frame for e in of(events, LoopStarted)]
    assert starts == [1000, 1000 + 12000, 1000 + 24000]  # 1 s segment + 0.5 s gap
    rec = list(zip(of(events, RecordStart), of(events, RecordStop)))
    assert [(a.frame, b.frame) for a, b in rec] == [(s, s + 8000 + 2000) for s in starts]  # tail 0.25 s
    assert of(events, ProgramDone)[0].frame == 1000 + 36000
    # the output is the segment, then silence, three times, sample for sample
    played = out[:8000]
    assert np.array_equal(played, audio)
    assert not out[8000:12000].any()
    assert np.array_equal(out[12000:20000], audio)


def test_repeat_records_in_the_gap_and_gap_can_follow_the_segment_length():
    audio = tone(2.0)
    settings = LoopSettings(mode="repeat", loops=2, gap=Gap(factor=1.5))
    program = LoopProgram(Render(1.0, audio, audio.size), settings, RATE)
    _, events = run(program)
    ends = [e.frame for e in of(events, LoopEnded)]
    windows = [(a.frame, b.frame) for a, b in zip(of(events, RecordStart), of(events, RecordStop))]
    assert windows == [(end, end + 24000) for end in ends]  # 1.5 x 2 s of room to repeat
    assert all(e.mode == "repeat" for e in of(events, RecordStart))


def test_listen_records_nothing_and_read_plays_nothing():
    audio = tone(1.0)
    _, events = run(LoopProgram(Render(1.0, audio, audio.size), LoopSettings(mode="listen", loops=2), RATE))
    assert not of(events, RecordStart) and len(of(events, LoopStarted)) == 2
    out, events = run(LoopProgram(Render(1.0, audio, audio.size), LoopSettings(mode="read", loops=1), RATE))
    assert not out.any()
    (start,), (stop,) = of(events, RecordStart), of(events, RecordStop)
    assert stop.frame - start.frame == int(8000 * 1.6 + RATE)  # time to read it aloud


def test_count_in_beeps_come_before_the_first_loop():
    audio = tone(0.5)
    program = LoopProgram(Render(1.0, audio, audio.size), LoopSettings(loops=1, count_in=2), RATE)
    out, events = run(program)
    assert of(events, LoopStarted)[0].frame == RATE  # two beats of 0.5 s
    assert np.abs(out[:RATE]).max() > 0.2 and np.abs(out[int(0.1 * RATE):int(0.5 * RATE)]).max() == 0


def test_unlimited_loops_run_until_stopped_and_stop_ends_the_attempt():
    audio = tone(0.5)
    program = LoopProgram(Render(1.0, audio, audio.size), LoopSettings(loops=None, gap=Gap(0.1)), RATE)
    for _ in range(200):  # 200 x 256 frames = 6.4 s: a dozen loops
        program.render(np.empty(256, np.float32))
    assert program.loop >= 10 and not program.done
    program.stop()
    events = program.render(np.empty(256, np.float32))
    assert any(isinstance(e, RecordStop) and e.interrupted for e in events)
    assert isinstance(events[-1], ProgramDone)


def test_speed_change_mid_loop_continues_from_the_same_source_point_without_a_click():
    audio = tone(2.0)
    slow = Render(0.5, np.repeat(audio, 2), audio.size)  # a stand-in render with an exact time axis
    program = LoopProgram(Render(1.0, audio, audio.size), LoopSettings(loops=1, gap=Gap(0.0)), RATE)
    out = []
    for k in range(40):  # 40 x 200 frames = 1 s at 1.0x
        buf = np.empty(200, np.float32)
        program.render(buf)
        out.append(buf)
    program.offer(slow)
    rest, events = run(program, block=200)
    played = np.concatenate(out + [rest])
    (ended,) = of(events, LoopEnded)
    # 1 s at 1x, then the remaining 1 s of source at 0.5x = 2 s: 3 s in all
    assert abs(ended.frame - 3 * RATE) <= 1
    assert ended.time_map == ((0.0, 0.0), (1.0, 1.0), (3.0, 2.0))
    assert played_time(1.5, ended.time_map, 0.5) == pytest.approx(2.0)
    assert played_time(0.5, ended.time_map, 1.0) == pytest.approx(0.5)
    # no click: the largest step between samples stays that of the tone itself
    natural = np.abs(np.diff(audio)).max()
    assert np.abs(np.diff(played[: 3 * RATE])).max() <= natural * 1.5


def test_pause_fades_out_keeps_position_and_ends_the_attempt_as_interrupted():
    audio = tone(1.0)
    program = LoopProgram(Render(1.0, audio, audio.size), LoopSettings(loops=1, gap=Gap(0)), RATE)
    first = np.empty(2000, np.float32)
    program.render(first)
    program.pause()
    fade = np.empty(256, np.float32)
    events = program.render(fade)
    assert abs(fade[-1]) < 0.01 and any(isinstance(e, RecordStop) and e.interrupted for e in events)
    silent = np.empty(1000, np.float32)
    program.render(silent)
    assert not silent.any()
    program.resume()
    after = np.empty(256, np.float32)
    program.render(after)
    assert np.array_equal(after, audio[2256:2512])  # resumes where it paused


def test_volume_changes_ramp_instead_of_jumping():
    audio = np.full(RATE, 0.5, np.float32)
    program = LoopProgram(Render(1.0, audio, audio.size), LoopSettings(loops=1), RATE)
    buf = np.empty(256, np.float32)
    program.render(buf)
    program.volume = 0.0
    program.render(buf)
    assert buf[0] > 0.45 and buf[-1] == 0.0 and np.all(np.diff(buf) <= 0)
