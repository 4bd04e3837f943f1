from telemetry import request_ids


def test_a_callers_request_id_is_kept_when_it_is_a_plain_token():
    assert request_ids.from_header("3f2b6c1e-9d4a-4e4b-8c1a-2b7f9e0d5a61") == "3f2b6c1e-9d4a-4e4b-8c1a-2b7f9e0d5a61"


def test_a_missing_or_unloggable_request_id_is_replaced_by_a_new_one():
    for sent in (None, "", "a" * 129, "two words", "line\nbreak", '{"json": 1}'):
        made = request_ids.from_header(sent)
        assert made != sent and len(made) == 32


def test_the_bound_request_id_is_current_only_inside_the_block():
    assert request_ids.current() is None
    with request_ids.bound("outer"):
        with request_ids.bound("inner"):
            assert request_ids.current() == "inner"
        assert request_ids.current() == "outer"
    assert request_ids.current() is None
