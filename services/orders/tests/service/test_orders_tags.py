"""Tags as Picqer's /tags, each client's own: made, listed, renamed, put on an order by id and
taken off; an order shows them as Picqer does (an object keyed by title, `[]` for none); a title
named on an order (the portal, PUT /orders/{id}/tags) is one of the client's tags too, whatever
its case, and deleting a tag takes it off the client's orders. Another client's tag is not found."""
import eventlet
import pytest
from nameko.exceptions import RemoteError
from orders_fakes import ACME, GLOBEX

from orders import contract, tags
from servicekit.testing import assert_shape

ORDER = {"reference": "SHOP-1", "deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1",
         "deliveryzipcode": "1234 AB", "deliverycity": "Utrecht", "deliverycountry": "NL",
         "products": [{"productcode": "MUG-1", "amount": 1}]}


def refusal(call, *args) -> RemoteError:
    with pytest.raises(RemoteError) as error:
        call(*args)
    return error.value


def test_a_client_makes_tags_puts_them_on_its_orders_and_takes_them_off(rpc):
    urgent = rpc.create_tag(ACME, {"title": " Urgent ", "color": "#a68198", "inherit": True})
    assert_shape(contract.RPC["create_tag"]["result"], urgent)
    assert (urgent["title"], urgent["color"], urgent["inherit"], urgent["textColor"]) == ("Urgent", "#a68198", True,
                                                                                          "#000000")
    b2b = rpc.create_tag(ACME, {"title": "B2B"})
    assert (b2b["color"], b2b["inherit"]) == ("#7f8c8d", False)
    assert rpc.create_tag(ACME, {"title": "Night", "color": "#101010"})["textColor"] == "#ffffff"
    assert [tag["title"] for tag in rpc.list_tags(ACME)] == ["Urgent", "B2B", "Night"]
    order = rpc.create_order(ACME, ORDER, "api", "shop")["order"]
    assert [t["idtag"] for t in rpc.add_order_tag(ACME, order["idorder"], urgent["idtag"], "shop")] == [urgent["idtag"]]
    tagged = rpc.add_order_tag(ACME, order["idorder"], b2b["idtag"], "shop")
    assert [t["title"] for t in tagged] == ["Urgent", "B2B"]
    assert rpc.add_order_tag(ACME, order["idorder"], b2b["idtag"], "shop") == tagged  # again: nothing changes
    shown = rpc.get_order(ACME, order["idorder"])["tags"]
    assert shown == {"Urgent": urgent, "B2B": b2b} and list(shown) == ["Urgent", "B2B"]
    rpc.remove_order_tag(ACME, order["idorder"], urgent["idtag"], "shop")
    shown = rpc.get_order(ACME, order["idorder"])
    assert shown["tags"] == {"B2B": b2b}
    assert shown["history"][-1]["details"] == {"from": ["Urgent", "B2B"], "to": ["B2B"]}
    assert refusal(rpc.remove_order_tag, ACME, order["idorder"], urgent["idtag"], "shop").exc_type == "TagNotFound"


def test_a_title_named_on_an_order_is_a_tag_and_deleting_a_tag_takes_it_off_every_order(rpc):
    first = rpc.create_order(ACME, ORDER, "api", "shop")["order"]
    second = rpc.create_order(ACME, ORDER, "api", "shop")["order"]
    rpc.set_order_tags(ACME, first["idorder"], ["gift", "b2b"], "anna")
    rpc.set_order_tags(ACME, second["idorder"], ["gift"], "anna")
    tags = {tag["title"]: tag for tag in rpc.list_tags(ACME)}
    assert set(tags) == {"gift", "b2b"}
    assert [t["title"] for t in rpc.list_order_tags(ACME, first["idorder"])] == ["gift", "b2b"]
    rpc.delete_tag(ACME, tags["gift"]["idtag"], "API key shop")
    assert list(rpc.get_order(ACME, first["idorder"])["tags"]) == ["b2b"]
    assert rpc.get_order(ACME, second["idorder"])["tags"] == []  # Picqer's none
    assert rpc.get_order(ACME, second["idorder"])["history"][-1]["changed_by"] == "API key shop"
    assert [tag["title"] for tag in rpc.list_tags(ACME)] == ["b2b"]


def test_bad_tags_are_refused_naming_the_field(rpc):
    rpc.create_tag(ACME, {"title": "gift"})
    order = rpc.create_order(ACME, ORDER, "api", "shop")["order"]
    for data, field in (({"title": ""}, "title"), ({"title": "x" * 41}, "title"),
                        ({"title": "x", "color": "red"}, "color"), ({"title": "x", "colour": "#ffffff"}, "colour"),
                        ({"title": "x", "inherit": 1}, "inherit")):
        error = refusal(rpc.create_tag, ACME, data)
        assert error.exc_type == "InvalidOrder" and field in error.value
    for idtag in (None, True, "3"):
        error = refusal(rpc.add_order_tag, ACME, order["idorder"], idtag, "shop")
        assert error.exc_type == "InvalidOrder" and "idtag" in error.value
    assert refusal(rpc.add_order_tag, ACME, order["idorder"], 999999, "shop").exc_type == "TagNotFound"


def test_another_clients_tags_answer_as_missing_ones(rpc):
    theirs = rpc.create_tag(GLOBEX, {"title": "secret"})
    order = rpc.create_order(ACME, ORDER, "api", "shop")["order"]
    assert rpc.list_tags(ACME) == []
    assert refusal(rpc.get_tag, ACME, theirs["idtag"]).exc_type == "TagNotFound"
    assert refusal(rpc.delete_tag, ACME, theirs["idtag"], "x").exc_type == "TagNotFound"
    assert refusal(rpc.remove_order_tag, ACME, order["idorder"], theirs["idtag"], "x").exc_type == "TagNotFound"
    assert refusal(rpc.add_order_tag, ACME, order["idorder"], theirs["idtag"], "x").exc_type == "TagNotFound"
    assert refusal(rpc.list_order_tags, GLOBEX, order["idorder"]).exc_type == "OrderNotFound"
    assert rpc.get_tag_of_any_customer(theirs["idtag"]) == theirs
    assert {tag["idtag"] for tag in rpc.list_tags_of_all_customers()} == {theirs["idtag"]}


def test_a_second_tag_of_a_title_whatever_its_case_is_a_conflict_naming_the_first(rpc):
    gift = rpc.create_tag(ACME, {"title": "Gift"})
    for title in ("Gift", " gift ", "GIFT"):
        error = refusal(rpc.create_tag, ACME, {"title": title})
        assert error.exc_type == "DuplicateTagTitle" and f"tag {gift['idtag']}" in error.value
    assert rpc.create_tag(GLOBEX, {"title": "gift"})["title"] == "gift"  # another client's titles are its own
    order = rpc.create_order(ACME, ORDER, "api", "shop")["order"]
    tagged = rpc.set_order_tags(ACME, order["idorder"], ["gift", "GIFT", "Urgent"], "anna")["tags"]
    assert list(tagged) == ["Gift", "Urgent"] and tagged["Gift"]["idtag"] == gift["idtag"]
    # The tags as an order shows them (Picqer's object keyed by title) name the same tags.
    assert rpc.set_order_tags(ACME, order["idorder"], tagged, "anna")["tags"] == tagged
    assert [tag["title"] for tag in rpc.list_tags(ACME)] == ["Gift", "Urgent"]


def test_a_renamed_tag_is_renamed_on_every_order_and_only_the_fields_named_change(rpc):
    urgent = rpc.create_tag(ACME, {"title": "Urgent", "color": "#a68198", "inherit": True})
    order = rpc.create_order(ACME, ORDER, "api", "shop")["order"]
    rpc.add_order_tag(ACME, order["idorder"], urgent["idtag"], "shop")
    renamed = rpc.update_tag(ACME, urgent["idtag"], {"title": " Spoed "})
    assert_shape(contract.RPC["update_tag"]["result"], renamed)
    assert renamed == {**urgent, "title": "Spoed"}
    shown = rpc.get_order(ACME, order["idorder"])
    assert shown["tags"] == {"Spoed": renamed}
    assert [o["idorder"] for o in rpc.list_orders(ACME, 0, {"tag": "spoed"})] == [order["idorder"]]
    assert rpc.list_orders(ACME, 0, {"tag": "Urgent"}) == []
    recoloured = rpc.update_tag(ACME, urgent["idtag"], {"color": "#101010", "inherit": False})
    assert recoloured == {**renamed, "color": "#101010", "inherit": False, "textColor": "#ffffff"}
    assert rpc.list_order_tags(ACME, order["idorder"]) == [recoloured]
    assert rpc.update_tag(ACME, urgent["idtag"], {}) == recoloured
    assert rpc.update_tag(ACME, urgent["idtag"], {"title": "SPOED"})["title"] == "SPOED"  # its own title, new case


def test_a_tag_is_not_renamed_to_another_tags_title_nor_to_nothing(rpc):
    gift = rpc.create_tag(ACME, {"title": "Gift"})
    urgent = rpc.create_tag(ACME, {"title": "Urgent"})
    error = refusal(rpc.update_tag, ACME, urgent["idtag"], {"title": "gift"})
    assert error.exc_type == "DuplicateTagTitle" and f"tag {gift['idtag']}" in error.value
    for data, field in (({"title": " "}, "title"), ({"color": "red"}, "color"), ({"inherit": 0}, "inherit"),
                        ({"name": "x"}, "name")):
        error = refusal(rpc.update_tag, ACME, urgent["idtag"], data)
        assert error.exc_type == "InvalidOrder" and field in error.value
    assert refusal(rpc.update_tag, GLOBEX, urgent["idtag"], {"title": "x"}).exc_type == "TagNotFound"
    assert rpc.get_tag(ACME, urgent["idtag"]) == urgent


@pytest.mark.parametrize("second", ["create", "rename", "name on an order"])
def test_a_title_taken_while_a_second_waits_is_the_first_tag_not_a_server_error(rpc, db, second):
    """Two at once: the first has made its tag (not committed yet) when the second names the
    title; the unique index makes the second wait, then it answers as it would have afterwards."""
    other = rpc.create_tag(ACME, {"title": "Other"})
    order = rpc.create_order(ACME, ORDER, "api", "shop")["order"]
    first_made_it, made = eventlet.Event(), []

    def first(uow):
        made.append(tags.create_tag(uow, ACME, {"title": "Rush"}))
        first_made_it.send()
        eventlet.sleep(0.3)  # the second is waiting for the index by now

    holder = eventlet.spawn(db.change, first)
    first_made_it.wait()
    if second == "name on an order":
        assert list(rpc.set_order_tags(ACME, order["idorder"], ["RUSH"], "anna")["tags"]) == ["Rush"]
    else:
        call = (rpc.create_tag, ACME, {"title": "rush"}) if second == "create" else (
            rpc.update_tag, ACME, other["idtag"], {"title": "rush"})
        error = refusal(*call)
        assert error.exc_type == "DuplicateTagTitle" and f"tag {made[0]['idtag']}" in error.value
    holder.wait()
    assert sorted(tag["title"] for tag in rpc.list_tags(ACME)) == ["Other", "Rush"]
