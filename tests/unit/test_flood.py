from bot.conversation.flood import FloodGate


def test_ten_questions_in_a_minute_are_all_answered() -> None:
    gate = FloodGate(limit_per_minute=10)
    verdicts = [gate.check("alice", now=float(i)) for i in range(10)]
    assert verdicts == ["answer"] * 10


def test_eleventh_question_warns_once_then_silence() -> None:
    gate = FloodGate(limit_per_minute=10)
    verdicts = [gate.check("alice", now=float(i)) for i in range(14)]
    assert verdicts == ["answer"] * 10 + ["warn", "silence", "silence", "silence"]


def test_slot_frees_when_oldest_question_leaves_the_window() -> None:
    gate = FloodGate(limit_per_minute=2, window_s=60.0)
    assert gate.check("alice", now=0.0) == "answer"
    assert gate.check("alice", now=10.0) == "answer"
    assert gate.check("alice", now=20.0) == "warn"
    assert gate.check("alice", now=59.9) == "silence"
    assert gate.check("alice", now=60.0) == "answer"  # the question at 0 s has expired
    assert gate.check("alice", now=61.0) == "warn"  # a new saturated window, a new warning


def test_refused_questions_do_not_extend_the_penalty() -> None:
    gate = FloodGate(limit_per_minute=1, window_s=60.0)
    assert gate.check("alice", now=0.0) == "answer"
    for second in range(1, 60):
        assert gate.check("alice", now=float(second)) in ("warn", "silence")
    assert gate.check("alice", now=60.0) == "answer"


def test_users_are_limited_independently() -> None:
    gate = FloodGate(limit_per_minute=1)
    assert gate.check("alice", now=0.0) == "answer"
    assert gate.check("alice", now=1.0) == "warn"
    assert gate.check("bob", now=1.0) == "answer"


def test_limit_zero_turns_flood_control_off() -> None:
    gate = FloodGate(limit_per_minute=0)
    assert [gate.check("alice", now=0.0) for _ in range(100)] == ["answer"] * 100
    assert gate.tracked_users() == 0


def test_sweep_forgets_idle_users_but_keeps_active_ones() -> None:
    gate = FloodGate(limit_per_minute=1, window_s=60.0)
    gate.check("idle", now=0.0)
    gate.check("active", now=50.0)
    gate.sweep(now=70.0)
    assert gate.tracked_users() == 1
    assert gate.check("active", now=70.0) == "warn"


def test_sweep_keeps_a_user_whose_warning_is_still_running() -> None:
    gate = FloodGate(limit_per_minute=1, window_s=60.0)
    gate.check("alice", now=0.0)
    assert gate.check("alice", now=30.0) == "warn"
    gate.sweep(now=59.0)
    assert gate.check("alice", now=59.5) == "silence"


def test_memory_stays_bounded_with_many_one_off_users() -> None:
    gate = FloodGate(limit_per_minute=10, window_s=60.0)
    for i in range(5000):
        gate.check(f"user{i}", now=float(i))
    assert gate.tracked_users() <= 1000 + 61


def test_the_slow_down_message_lives_in_phrases_and_flood_reexports_it() -> None:
    from bot.answers import phrases
    from bot.conversation import flood

    assert flood.SLOW_DOWN_MESSAGE is phrases.SLOW_DOWN_MESSAGE
    assert phrases.SLOW_DOWN_MESSAGE == (
        "Vous posez beaucoup de questions en peu de temps : je fais une courte pause. "
        "Réessayez dans une minute, je vous répondrai avec plaisir."
    )
