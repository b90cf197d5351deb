from app.core.etag import etag_for, etag_list_matches


def test_etags_are_strong_and_change_with_the_body() -> None:
    tag = etag_for(b'{"id":1}')
    assert tag.startswith('"')
    assert tag.endswith('"')
    assert len(tag) == 34
    assert tag != etag_for(b'{"id":2}')


def test_list_matching() -> None:
    tag = etag_for(b"x")
    assert etag_list_matches(f'"other", {tag}', tag, strong=True)
    assert etag_list_matches("*", tag, strong=True)
    assert etag_list_matches(f"W/{tag}", tag, strong=False)
    assert not etag_list_matches(f"W/{tag}", tag, strong=True)
    assert not etag_list_matches('"stale"', tag, strong=False)
    assert not etag_list_matches("", tag, strong=False)
