"""An in-app link to another page (e.g. a practice's "City profile of Amsterdam") opens that
member even when this session has looked at another member before (SYNTHETIC store)."""


def test_a_link_with_a_member_wins_over_the_member_seen_before(app):
    at = app
    at.query_params["member"] = "paris"
    at.switch_page("pages/city.py")
    at.run()
    assert at.title[0].value == "Paris"
    at.switch_page("pages/practices.py")
    at.run()
    at.query_params["member"] = "berlin"  # what st.page_link(..., query_params={"member": "berlin"}) sends
    at.switch_page("pages/city.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Berlin"
