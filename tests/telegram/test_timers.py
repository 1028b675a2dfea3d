"""What one tap on a step's timer paces: every hold, every breath, every minute of the walk."""

from __future__ import annotations

from bot.telegram.timers import button_label, phases


def test_five_holds_of_five_seconds_are_one_timer_with_rests_between() -> None:
    item = {"dose": {"reps": 5, "hold_s": 5}, "hold_s": 5}
    steps = phases(item)
    holds = [p for p in steps if p.text.startswith("⏱ Hold")]
    assert [p.text.split(" ·")[0] for p in holds] == [f"⏱ Hold {n}/5" for n in range(1, 6)]
    assert all(p.seconds == 5 for p in holds)
    assert len(steps) == 9 and steps[-1] in holds, "a rest between holds, none after the last"
    assert button_label(item) == "⏱ Hold timer"


def test_holds_on_each_side_say_when_to_switch() -> None:
    steps = phases({"dose": {"hold_s": 20}, "hold_s": 20, "sets": 2, "sides": 2})
    assert sum("Hold" in p.text for p in steps) == 4
    assert sum("Switch sides" in p.text for p in steps) == 3


def test_breaths_are_paced_in_and_out_with_the_out_breath_longer() -> None:
    steps = phases({"dose": {"breaths": 6}, "seconds_per_rep": 8})
    assert len(steps) == 12
    breath_in, breath_out = steps[0], steps[1]
    assert "in" in breath_in.text and "out" in breath_out.text
    assert breath_out.seconds > breath_in.seconds and breath_in.seconds + breath_out.seconds == 8
    assert button_label({"dose": {"breaths": 6}}) == "⏱ Breathing timer"


def test_the_walk_counts_down_its_minutes() -> None:
    steps = phases({"dose": {"minutes": 5}})
    assert [p.seconds for p in steps] == [60] * 5 and "5 min to go" in steps[0].text
    assert button_label({"dose": {"minutes": 5}}) == "⏱ 5 min timer"


def test_counted_reps_need_no_timer() -> None:
    assert phases({"dose": {"reps": 8}}) == [] and button_label({"dose": {"reps": 8}}) is None
