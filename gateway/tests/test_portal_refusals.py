"""A page the user may not open answers 403 with why and who can change it, in the user's language."""
from gateway_fakes import USER_7


def test_a_page_without_its_permission_says_which_and_who_grants_it(logged_in):
    response = logged_in.get("/fulfilmentportal/products/new")
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "You may not open this page" in html and "Something went wrong" not in html
    assert "It needs the permission “Product management”" in html
    assert "Your warehouse decides whether your company manages its own products" in html


def test_the_refusal_is_in_dutch_for_a_dutch_user(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "language": "nl", "permissions": ["ordering"]})
    response = logged_in.get("/fulfilmentportal/users")
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "U mag deze pagina niet openen" in html
    assert "Daarvoor is het recht „Gebruikersbeheer” nodig" in html
    assert "kan het u geven op de pagina Gebruikers" in html

