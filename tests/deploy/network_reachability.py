"""Whether NetworkPolicies let one endpoint open a connection to another, evaluated as the
Kubernetes NetworkPolicy API defines it, on rendered manifests (no cluster needed).

A connection is allowed when the source's egress allows it and the destination's ingress
allows it. A pod that no policy of a type selects is open in that direction; once any policy
selects it, only what some selecting policy's rules match is allowed.

Pod IP addresses are not known here, so an `ipBlock` is taken to match every pod as well as
the outside addresses in its range: a rule reaching outward can never hide a path to a pod.
"""
import dataclasses
import ipaddress


@dataclasses.dataclass(frozen=True)
class Pod:
    name: str
    namespace: str
    labels: tuple  # ((key, value), ...)

    @property
    def label_map(self) -> dict:
        return dict(self.labels)


@dataclasses.dataclass(frozen=True)
class Outside:
    """An address outside the cluster (an SMTP relay, an object store, the internet)."""
    name: str
    address: str


def pod(name: str, namespace: str, **labels) -> Pod:
    return Pod(name, namespace, tuple(sorted(labels.items())))


def _selects(selector: dict, labels: dict) -> bool:
    """A label selector; {} selects everything."""
    if any(labels.get(key) != value for key, value in selector.get("matchLabels", {}).items()):
        return False
    for expression in selector.get("matchExpressions", []):
        key, operator = expression["key"], expression["operator"]
        values = expression.get("values", [])
        present = key in labels
        if not {"In": present and labels[key] in values,
                "NotIn": not present or labels[key] not in values,
                "Exists": present,
                "DoesNotExist": not present}[operator]:
            return False
    return True


def _peer_matches(peer: dict, policy_namespace: str, endpoint, namespaces: dict) -> bool:
    if "ipBlock" in peer:
        if isinstance(endpoint, Pod):
            return True
        address = ipaddress.ip_address(endpoint.address)
        block = peer["ipBlock"]
        return (address in ipaddress.ip_network(block["cidr"])
                and not any(address in ipaddress.ip_network(c) for c in block.get("except", [])))
    if isinstance(endpoint, Outside):
        return False
    if "namespaceSelector" in peer:
        if not _selects(peer["namespaceSelector"], namespaces[endpoint.namespace]):
            return False
    elif endpoint.namespace != policy_namespace:
        return False
    return _selects(peer.get("podSelector", {}), endpoint.label_map)


def _port_matches(rule: dict, port: int, protocol: str) -> bool:
    if not rule.get("ports"):
        return True
    for allowed in rule["ports"]:
        if not isinstance(allowed.get("port", 0), int):
            raise ValueError(f"named port {allowed['port']}: give the number")
        low = allowed.get("port")
        high = allowed.get("endPort", low)
        if allowed.get("protocol", "TCP") == protocol and (low is None or low <= port <= high):
            return True
    return False


def _direction_allows(policies, subject: Pod, peer, port: int, protocol: str,
                      direction: str, namespaces: dict) -> bool:
    policy_type, rules_key, peers_key = {
        "egress": ("Egress", "egress", "to"), "ingress": ("Ingress", "ingress", "from")}[direction]
    selecting = [p for p in policies
                 if p["metadata"]["namespace"] == subject.namespace
                 and policy_type in p["spec"].get("policyTypes", ["Ingress"])
                 and _selects(p["spec"]["podSelector"], subject.label_map)]
    if not selecting:
        return True
    return any(
        _port_matches(rule, port, protocol)
        and (not rule.get(peers_key) or any(
            _peer_matches(p, policy["metadata"]["namespace"], peer, namespaces)
            for p in rule[peers_key]))
        for policy in selecting for rule in policy["spec"].get(rules_key, []))


def allowed(policies, source, destination, port: int, namespaces: dict,
            protocol: str = "TCP") -> bool:
    """Whether `source` may open a connection to `destination` on `port`."""
    if isinstance(source, Pod) and not _direction_allows(
            policies, source, destination, port, protocol, "egress", namespaces):
        return False
    if isinstance(destination, Pod) and not _direction_allows(
            policies, destination, source, port, protocol, "ingress", namespaces):
        return False
    return True
