"""The RFC 9162 Merkle tree: every public test vector of transparency-dev/merkle copied into
tests/audit_vectors (hashes, roots, proofs, the nodes proofs are made of, and the published verification
probes), a reference MTH written straight from the RFC's definition, and properties over generated trees:
every proof made verifies, and any altered proof, root, leaf or index fails."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from truce.audit.errors import RangeError
from truce.audit.merkle import (
    EMPTY_ROOT,
    CompactRange,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

VECTORS = Path(__file__).parent / "audit_vectors"
TD = json.loads((VECTORS / "merkle_transparency_dev.json").read_text(encoding="utf-8"))
STRUCTURE = json.loads((VECTORS / "merkle_proof_structure.json").read_text(encoding="utf-8"))
PROBES = json.loads((VECTORS / "merkle_probes.json").read_text(encoding="utf-8"))

LEAVES = [leaf_hash(bytes.fromhex(data)) for data in TD["leaves"]]
ROOTS = [bytes.fromhex(h) for h in TD["roots"]]
SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")  # as the source


def reference_mth(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) exactly as RFC 9162 2.1.1 defines it, recursively (the leaves are leaf hashes)."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(reference_mth(leaves[:k]), reference_mth(leaves[k:]))


def hexes(values: Sequence[str]) -> list[bytes]:
    return [bytes.fromhex(v) for v in values]


# --- the hasher and the roots ------------------------------------------------------------------------


def test_hasher_vectors() -> None:
    hasher = TD["hasher"]
    assert EMPTY_ROOT.hex() == hasher["empty_root"]
    assert leaf_hash(b"").hex() == hasher["empty_leaf"]
    assert leaf_hash(b"L123456").hex() == hasher["leaf_L123456"]
    assert node_hash(b"N123", b"N456").hex() == hasher["node_N123_N456"]


@pytest.mark.parametrize("size", range(1, len(ROOTS) + 1))
def test_roots_of_the_vector_leaves(size: int) -> None:
    assert root(LEAVES[:size]) == ROOTS[size - 1]
    assert reference_mth(LEAVES[:size]) == ROOTS[size - 1]


def test_the_empty_tree_is_the_hash_of_nothing_not_of_an_empty_leaf() -> None:
    assert root([]) == EMPTY_ROOT != leaf_hash(b"")


def test_compact_range_gives_the_root_at_every_size() -> None:
    leaves = [leaf_hash(i.to_bytes(2, "big")) for i in range(300)]
    tree = CompactRange()
    assert tree.root() == EMPTY_ROOT
    for size in range(1, len(leaves) + 1):
        tree.append(leaves[size - 1])
        assert tree.size == size
        assert tree.root() == reference_mth(leaves[:size]), size


def test_root_streams_from_an_iterator() -> None:
    leaves = [leaf_hash(i.to_bytes(3, "big")) for i in range(1000)]
    assert root(iter(leaves)) == reference_mth(leaves)


# --- the proofs of verify_test.go -------------------------------------------------------------------


@pytest.mark.parametrize("vector", TD["inclusion"], ids=lambda v: f"leaf{v['leaf']}-of-{v['size']}")
def test_inclusion_vectors(vector: dict[str, Any]) -> None:
    index, size, proof = vector["leaf"] - 1, vector["size"], hexes(vector["proof"])
    assert inclusion_proof(LEAVES[:size], index) == proof
    assert verify_inclusion(LEAVES[index], index, size, proof, ROOTS[size - 1])


@pytest.mark.parametrize("vector", TD["consistency"], ids=lambda v: f"{v['size1']}-to-{v['size2']}")
def test_consistency_vectors(vector: dict[str, Any]) -> None:
    m, n, proof = vector["size1"], vector["size2"], hexes(vector["proof"])
    assert consistency_proof(LEAVES[:n], m) == proof
    assert verify_consistency(m, n, ROOTS[m - 1], ROOTS[n - 1], proof)


def corrupted_inclusion(index: int, size: int, proof: list[bytes], root_: bytes, leaf: bytes) -> list[tuple]:
    """transparency-dev's corruptInclusionProof: each probe must fail."""
    probes = [
        (index - 1, size, root_, leaf, proof),
        (index + 1, size, root_, leaf, proof),
        (index ^ 2, size, root_, leaf, proof),
        (index, size * 2, root_, leaf, proof),
        (index, size // 2, root_, leaf, proof),
        (index, size, root_, b"WrongLeaf", proof),
        (index, size, EMPTY_ROOT, leaf, proof),
        (index, size, SOME_HASH, leaf, proof),
        (index, size, root_, leaf, [*proof, b""]),
        (index, size, root_, leaf, [*proof, root_]),
        (index, size, root_, leaf, [b"", *proof]),
        (index, size, root_, leaf, [root_, *proof]),
    ]
    for i in range(len(proof)):
        wrong = list(proof)
        wrong[i] = bytes([wrong[i][0] ^ 8]) + wrong[i][1:]
        probes.append((index, size, root_, leaf, wrong))
    if proof:
        probes.append((index, size, root_, leaf, proof[:-1]))
    if len(proof) > 1:
        probes.append((index, size, root_, leaf, [proof[0], SOME_HASH, *proof[1:]]))
    return probes


@pytest.mark.parametrize("vector", TD["inclusion"], ids=lambda v: f"leaf{v['leaf']}-of-{v['size']}")
def test_corrupted_inclusion_proofs_fail(vector: dict[str, Any]) -> None:
    index, size, proof = vector["leaf"] - 1, vector["size"], hexes(vector["proof"])
    for i, s, r, leaf, p in corrupted_inclusion(index, size, proof, ROOTS[size - 1], LEAVES[index]):
        assert not verify_inclusion(leaf, i, s, p, r), (i, s, len(p))


@pytest.mark.parametrize("vector", TD["consistency"], ids=lambda v: f"{v['size1']}-to-{v['size2']}")
def test_corrupted_consistency_proofs_fail(vector: dict[str, Any]) -> None:
    """transparency-dev's corruptConsistencyProof, on the proofs that are not empty."""
    m, n, proof = vector["size1"], vector["size2"], hexes(vector["proof"])
    if not proof:
        return
    r1, r2 = ROOTS[m - 1], ROOTS[n - 1]
    probes = [
        (m - 1, n, r1, r2, proof),
        (m + 1, n, r1, r2, proof),
        (m ^ 2, n, r1, r2, proof),
        (m, n * 2, r1, r2, proof),
        (m, n // 2, r1, r2, proof),
        (m, n, b"WrongRoot", r2, proof),
        (m, n, r1, b"WrongRoot", proof),
        (m, n, r2, r1, proof),
        (m, n, r1, r2, []),
        (m, n, r1, r2, [*proof, b""]),
        (m, n, r1, r2, [*proof, r1]),
        (m, n, r1, r2, [*proof, r2]),
        (m, n, r1, r2, [b"", *proof]),
        (m, n, r1, r2, [r1, *proof]),
        (m, n, r1, r2, [r2, *proof]),
        (m, n, r1, r2, [proof[0], *proof]),
        (m, n, r1, r2, proof[:-1]),
    ]
    for i in range(len(proof)):
        wrong = list(proof)
        wrong[i] = bytes([wrong[i][0] ^ 16]) + wrong[i][1:]
        probes.append((m, n, r1, r2, wrong))
    for size1, size2, root1, root2, p in probes:
        assert not verify_consistency(size1, size2, root1, root2, p), (size1, size2, len(p))


# --- which nodes a proof holds (proof_test.go), on leaves of our own --------------------------------


def expected_hashes(leaves: list[bytes], vector: dict[str, Any]) -> list[bytes]:
    """The proof hashes the vector's node list stands for: MTH of each node's leaves, the rehashed run
    of nodes being one hash, of the union of their leaves."""
    ranges = [(index << level, (index + 1) << level) for level, index in vector["nodes"]]
    if "rehash" in vector:
        begin, end = vector["rehash"]
        run = ranges[begin:end]
        ranges[begin:end] = [(min(a for a, _ in run), max(b for _, b in run))]
    return [reference_mth(leaves[a:b]) for a, b in ranges]


STRUCTURE_LEAVES = [leaf_hash(f"leaf {i}".encode()) for i in range(100)]


@pytest.mark.parametrize("vector", STRUCTURE["inclusion"], ids=lambda v: f"{v['index']}-of-{v['size']}")
def test_inclusion_proofs_hold_the_published_nodes(vector: dict[str, Any]) -> None:
    leaves = STRUCTURE_LEAVES[: vector["size"]]
    proof = inclusion_proof(leaves, vector["index"])
    assert proof == expected_hashes(leaves, vector)
    assert verify_inclusion(leaves[vector["index"]], vector["index"], len(leaves), proof, root(leaves))


@pytest.mark.parametrize("vector", STRUCTURE["consistency"], ids=lambda v: f"{v['size1']}-to-{v['size2']}")
def test_consistency_proofs_hold_the_published_nodes(vector: dict[str, Any]) -> None:
    m, leaves = vector["size1"], STRUCTURE_LEAVES[: vector["size2"]]
    proof = consistency_proof(leaves, m)
    assert proof == expected_hashes(leaves, vector)
    assert verify_consistency(m, len(leaves), root(leaves[:m]), root(leaves), proof)


@pytest.mark.parametrize(("size", "index"), STRUCTURE["inclusion_errors"])
def test_no_inclusion_proof_beyond_the_tree(size: int, index: int) -> None:
    with pytest.raises(RangeError, match=f"no leaf {index} in a tree of {size} leaves"):
        inclusion_proof(STRUCTURE_LEAVES[:size], index)


@pytest.mark.parametrize(("size1", "size2"), [*STRUCTURE["consistency_errors"], (0, 5)])
def test_no_consistency_proof_from_a_larger_or_empty_tree(size1: int, size2: int) -> None:
    with pytest.raises(RangeError, match="no consistency proof"):
        consistency_proof(STRUCTURE_LEAVES[:size2], size1)


# --- the published probes (testdata/) ---------------------------------------------------------------


def b64(value: str) -> bytes:
    return base64.b64decode(value)


def b64s(values: list[str] | None) -> list[bytes]:
    return [b64(v) for v in values or []]


@pytest.mark.parametrize("probe", PROBES["inclusion"], ids=lambda p: p["path"].removeprefix("testdata/"))
def test_published_inclusion_probes(probe: dict[str, Any]) -> None:
    index = probe.get("leafIdx", probe.get("leafIndex"))
    ok = verify_inclusion(
        b64(probe["leafHash"]), index, probe["treeSize"], b64s(probe["proof"]), b64(probe["root"])
    )
    assert ok is not probe["wantErr"]


@pytest.mark.parametrize("probe", PROBES["consistency"], ids=lambda p: p["path"].removeprefix("testdata/"))
def test_published_consistency_probes(probe: dict[str, Any]) -> None:
    args = (probe["size1"], probe["size2"], b64(probe["root1"]), b64(probe["root2"]), b64s(probe["proof"]))
    assert verify_consistency(*args) is not probe["wantErr"]


def test_every_vector_names_its_source() -> None:
    for data in (TD, STRUCTURE):
        for source in data["sources"]:
            assert source["repository"] == "transparency-dev/merkle" and len(source["commit"]) == 40
    assert all(len(p["commit"]) == 40 and p["path"].startswith("testdata/") for p in PROBES["inclusion"])
    assert all(len(p["commit"]) == 40 and p["path"].startswith("testdata/") for p in PROBES["consistency"])


# --- properties over generated trees ----------------------------------------------------------------


@st.composite
def trees(draw: st.DrawFn, min_size: int = 1, max_size: int = 140) -> list[bytes]:
    size = draw(st.integers(min_size, max_size))
    salt = draw(st.binary(max_size=4))
    return [leaf_hash(salt + i.to_bytes(2, "big")) for i in range(size)]


def flip(proof: list[bytes], element: int, bit: int) -> list[bytes]:
    wrong = list(proof)
    data = bytearray(wrong[element])
    data[bit // 8] ^= 1 << (bit % 8)
    wrong[element] = bytes(data)
    return wrong


@settings(max_examples=300, deadline=None)
@given(trees(), st.data())
def test_every_inclusion_proof_verifies_and_any_alteration_fails(
    leaves: list[bytes], data: st.DataObject
) -> None:
    n, tree_root = len(leaves), root(leaves)
    index = data.draw(st.integers(0, n - 1), label="index")
    proof = inclusion_proof(leaves, index)
    assert verify_inclusion(leaves[index], index, n, proof, tree_root)

    failing: list[Callable[[], bool]] = [
        lambda: verify_inclusion(leaves[index], index, n, proof, tree_root[:-1] + bytes([tree_root[-1] ^ 1])),
        lambda: verify_inclusion(leaf_hash(b"another leaf"), index, n, proof, tree_root),
        lambda: verify_inclusion(
            leaves[index], index, n, [*proof, proof[-1] if proof else tree_root], tree_root
        ),
        lambda: verify_inclusion(leaves[index], index, n * 2, proof, tree_root),
        lambda: verify_inclusion(leaves[index], index, n // 2, proof, tree_root),
        lambda: verify_inclusion(leaves[index], n, n, proof, tree_root),
        lambda: verify_inclusion(leaves[index], -1, n, proof, tree_root),
    ]
    if n > 1:
        other = data.draw(st.integers(0, n - 1).filter(lambda i: i != index), label="other index")
        failing.append(lambda: verify_inclusion(leaves[index], other, n, proof, tree_root))
        element = data.draw(st.integers(0, len(proof) - 1), label="element")
        bit = data.draw(st.integers(0, 255), label="bit")
        failing.append(
            lambda: verify_inclusion(leaves[index], index, n, flip(proof, element, bit), tree_root)
        )
        failing.append(lambda: verify_inclusion(leaves[index], index, n, proof[:-1], tree_root))
        failing.append(lambda: verify_inclusion(leaves[index], index, n, proof[1:], tree_root))
    if len(proof) > 1 and proof[0] != proof[1]:
        failing.append(
            lambda: verify_inclusion(leaves[index], index, n, [proof[1], proof[0], *proof[2:]], tree_root)
        )
    for number, check in enumerate(failing):
        assert not check(), number


@settings(max_examples=300, deadline=None)
@given(trees(min_size=2), st.data())
def test_every_consistency_proof_verifies_and_any_alteration_fails(
    leaves: list[bytes], data: st.DataObject
) -> None:
    n = len(leaves)
    m = data.draw(st.integers(1, n - 1), label="old size")
    old_root, new_root = root(leaves[:m]), root(leaves)
    proof = consistency_proof(leaves, m)
    assert verify_consistency(m, n, old_root, new_root, proof)

    element = data.draw(st.integers(0, len(proof) - 1), label="element")
    bit = data.draw(st.integers(0, 255), label="bit")
    other = data.draw(st.integers(1, n).filter(lambda s: s != m), label="other old size")
    failing: list[Callable[[], bool]] = [
        lambda: verify_consistency(m, n, old_root, new_root, flip(proof, element, bit)),
        lambda: verify_consistency(m, n, old_root[::-1], new_root, proof),
        lambda: verify_consistency(m, n, old_root, new_root[::-1], proof),
        lambda: verify_consistency(m, n, new_root, old_root, proof),
        lambda: verify_consistency(m, n, old_root, new_root, proof[:-1]),
        lambda: verify_consistency(m, n, old_root, new_root, [*proof, proof[-1]]),
        lambda: verify_consistency(other, n, old_root, new_root, proof),
        lambda: verify_consistency(m, n * 2, old_root, new_root, proof),
        lambda: verify_consistency(0, n, EMPTY_ROOT, new_root, proof),
    ]
    for number, check in enumerate(failing):
        assert not check(), number


@settings(max_examples=100, deadline=None)
@given(trees(min_size=0, max_size=300))
def test_root_is_the_rfc_definition(leaves: list[bytes]) -> None:
    assert root(leaves) == reference_mth(leaves)


def test_a_proof_does_not_pin_the_size_the_signed_checkpoint_does() -> None:
    """RFC 9162 verifiers take (size, root) as one fact, from one signed tree head: a proof from 2 to 3
    also verifies "to 4" against the root of 3, since no tree of 4 leaves has that root. The integrator
    must take sizes and roots from the same signed checkpoint, never the size from elsewhere."""
    leaves = [leaf_hash(bytes([i])) for i in range(3)]
    proof = consistency_proof(leaves, 2)
    assert verify_consistency(2, 4, root(leaves[:2]), root(leaves), proof)
    assert root(leaves) != root([*leaves, leaf_hash(b"x")])


def test_proofs_of_every_leaf_and_size_of_a_small_tree() -> None:
    """Exhaustive up to 40 leaves: each inclusion and consistency proof verifies against the
    reference roots and is as long as RFC 9162 says (at most the height of the tree)."""
    leaves = [leaf_hash(bytes([i])) for i in range(40)]
    for n in range(1, 41):
        roots_n = reference_mth(leaves[:n])
        height = (n - 1).bit_length()
        for index in range(n):
            proof = inclusion_proof(leaves[:n], index)
            assert len(proof) <= height and verify_inclusion(leaves[index], index, n, proof, roots_n)
        for m in range(1, n + 1):
            proof = consistency_proof(leaves[:n], m)
            assert len(proof) <= height + 1
            assert verify_consistency(m, n, reference_mth(leaves[:m]), roots_n, proof)


def test_proofs_in_a_large_tree() -> None:
    """A tree of 100,000 leaves: proofs for leaves and sizes near the edges and the middle."""
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(100_000)]
    tree_root = root(leaves)
    for index in (0, 1, 65_535, 65_536, 99_998, 99_999):
        assert verify_inclusion(leaves[index], index, len(leaves), inclusion_proof(leaves, index), tree_root)
    for m in (1, 2, 65_536, 65_537, 99_999):
        proof = consistency_proof(leaves, m)
        assert verify_consistency(m, len(leaves), root(leaves[:m]), tree_root, proof)
