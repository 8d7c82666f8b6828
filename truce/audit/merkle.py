"""The Merkle tree of RFC 9162 (Certificate Transparency 2.0), section 2.1, with SHA-256.

    MTH({})    = SHA-256()                                     the empty tree
    MTH({d0})  = SHA-256(0x00 || d0)                           a leaf (leaf_hash)
    MTH(D[n])  = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))   k: the largest power of 2 below n (node_hash)

The functions here take *leaf hashes* (``leaf_hash(data)`` of each entry), in order. An inclusion proof
(2.1.3) shows that one leaf is in a tree of a given size and root; a consistency proof (2.1.4) that a tree
of size m is a prefix of a tree of size n, so a log that was signed at size m and later at size n did not
rewrite its first m entries. Proof hashes are ordered from the leaf up, as the RFC and transparency-dev
write them; the byte layout of every hash is 32 raw bytes.

:class:`CompactRange` computes roots while leaves stream in, keeping one hash per set bit of the size
(at most 64), so a verifier re-hashes a million-entry log in constant memory. The proof generators need
the whole list of leaf hashes and run in linear time.

Verification returns ``False`` for any proof that does not hold, including malformed ones (a hash that is
not 32 bytes, an index beyond the size); asking for a proof the tree cannot have raises :class:`RangeError`.

A tree's size and root are one fact: take both from the same signed checkpoint. A proof checks the
hashes against the root, and the size only through the proof's shape, which some nearby sizes share (a
proof from 2 to 3 leaves also passes "to 4" with the root of 3, though no tree of 4 leaves has that root).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from truce.audit.errors import RangeError

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "CompactRange",
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "root",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
_sha256 = hashlib.sha256
EMPTY_ROOT = _sha256(b"").digest()  # MTH of the empty tree: the hash of nothing, not of a leaf


def leaf_hash(data: bytes) -> bytes:
    """SHA-256(0x00 || data): the hash of a leaf. The prefix keeps a leaf from passing for a node.

    >>> leaf_hash(b"").hex()
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d'
    """
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right): the hash of an inner node."""
    return _sha256(b"\x01" + left + right).digest()


class CompactRange:
    """The leaves appended so far, kept as the roots of their perfect subtrees (one per set bit of the
    size, largest first), so that :meth:`root` is the MTH of the tree at its current size.

    >>> tree = CompactRange()
    >>> tree.root() == EMPTY_ROOT
    True
    >>> for data in (b"a", b"b", b"c"):
    ...     tree.append(leaf_hash(data))
    >>> tree.size, tree.root() == root([leaf_hash(b"a"), leaf_hash(b"b"), leaf_hash(b"c")])
    (3, True)
    """

    __slots__ = ("_peaks", "size")

    def __init__(self) -> None:
        self.size = 0
        self._peaks: list[bytes] = []

    def append(self, leaf: bytes) -> None:
        """Add one leaf hash; amortised one node hash per leaf."""
        # Each trailing 1 bit of the old size is a perfect subtree of the same height as the one being
        # carried up: merge them, like adding 1 to a binary counter.
        size, peaks, carry = self.size, self._peaks, leaf
        while size & 1:
            carry = _sha256(b"\x01" + peaks.pop() + carry).digest()
            size >>= 1
        peaks.append(carry)
        self.size += 1

    def extend(self, leaves: Iterable[bytes]) -> None:
        """Append each leaf hash of ``leaves``, in order."""
        for leaf in leaves:
            self.append(leaf)

    def root(self) -> bytes:
        """The MTH of the leaves appended so far: the peaks folded from the right, the smallest first,
        which is how RFC 9162 splits a tree whose size is not a power of two."""
        if not self._peaks:
            return EMPTY_ROOT
        result = self._peaks[-1]
        for peak in reversed(self._peaks[:-1]):
            result = _sha256(b"\x01" + peak + result).digest()
        return result


def root(leaf_hashes: Iterable[bytes]) -> bytes:
    """MTH(D[n]) of the leaf hashes, in linear time and O(log n) memory.

    >>> root([]).hex()
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    >>> root([leaf_hash(b"")]) == leaf_hash(b"")
    True
    """
    tree = CompactRange()
    tree.extend(leaf_hashes)
    return tree.root()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1): where RFC 9162 splits a tree of n leaves."""
    return 1 << ((n - 1).bit_length() - 1)


def _mth(leaves: Sequence[bytes], start: int, end: int) -> bytes:
    """MTH(D[start:end]) without copying the slice."""
    tree = CompactRange()
    for i in range(start, end):
        tree.append(leaves[i])
    return tree.root()


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(index, D[n]) of RFC 9162 2.1.3.1: the sibling hashes from the leaf up to the root.

    >>> leaves = [leaf_hash(bytes([i])) for i in range(5)]
    >>> proof = inclusion_proof(leaves, 2)
    >>> len(proof), verify_inclusion(leaves[2], 2, 5, proof, root(leaves))
    (3, True)
    """
    n = len(leaf_hashes)
    if not 0 <= index < n:
        raise RangeError(f"no leaf {index} in a tree of {n} leaves")
    # Walk down from the root: the sibling subtree at each split goes into the proof. The siblings
    # partition the other leaves, so the whole proof costs n - 1 hashes.
    path: list[bytes] = []
    start, end, m = 0, n, index
    while end - start > 1:
        k = _split(end - start)
        if m < k:
            path.append(_mth(leaf_hashes, start + k, end))
            end = start + k
        else:
            path.append(_mth(leaf_hashes, start, start + k))
            start, m = start + k, m - k
    path.reverse()  # collected top-down; the RFC lists the path bottom-up
    return path


def consistency_proof(leaf_hashes: Sequence[bytes], old_size: int) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 9162 2.1.4.1, m = ``old_size``: the hashes that show the tree of the first m
    leaves is a prefix of this one. Empty when m = n; a proof from the empty tree means nothing (any tree
    extends it), so m must be at least 1.

    >>> leaves = [leaf_hash(bytes([i])) for i in range(7)]
    >>> proof = consistency_proof(leaves, 3)
    >>> verify_consistency(3, 7, root(leaves[:3]), root(leaves), proof)
    True
    """
    n = len(leaf_hashes)
    if not 0 < old_size <= n:
        raise RangeError(
            f"no consistency proof from size {old_size} to size {n}: the old size must be 1 to {n}"
        )
    # SUBPROOF(m, D[start:end], b) unrolled: b says whether the subtree of the old size is still the
    # one the verifier already has (then its hash is not sent).
    proof: list[bytes] = []
    start, end, m, whole = 0, n, old_size, True
    while m != end - start:
        k = _split(end - start)
        if m <= k:
            proof.append(_mth(leaf_hashes, start + k, end))
            end = start + k
        else:
            proof.append(_mth(leaf_hashes, start, start + k))
            start, m, whole = start + k, m - k, False
    if not whole:
        proof.append(_mth(leaf_hashes, start, end))
    proof.reverse()
    return proof


def _hashes(*values: bytes) -> bool:
    return all(isinstance(value, bytes) and len(value) == HASH_SIZE for value in values)


def verify_inclusion(leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> bool:
    """Whether ``proof`` shows the leaf ``leaf_hash`` at ``index`` in the tree of ``size`` leaves whose MTH
    is ``root``: the algorithm of RFC 9162 2.1.3.2, step by step."""
    if not (0 <= index < size and _hashes(leaf_hash, root, *proof)):
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return False  # the proof is longer than the path
        if fn & 1 or fn == sn:
            r = _sha256(b"\x01" + p + r).digest()
            if not fn & 1:
                # fn == sn on an even index: the rightmost node has no right sibling at these levels
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = _sha256(b"\x01" + r + p).digest()
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether ``proof`` shows the tree of ``old_size`` leaves (MTH ``old_root``) is a prefix of the tree of
    ``new_size`` leaves (MTH ``new_root``): RFC 9162 2.1.4.2 for 0 < old_size < new_size. Equal sizes hold
    with an empty proof and equal roots; a proof from the empty tree to a larger one never holds (as in
    transparency-dev/merkle: it would prove nothing)."""
    if not 0 <= old_size <= new_size or not _hashes(*proof):
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0 or not proof or not _hashes(old_root, new_root):
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)  # a power of two: the old tree is a node of the new one, not sent
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = _sha256(b"\x01" + c + fr).digest()
            sr = _sha256(b"\x01" + c + sr).digest()
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = _sha256(b"\x01" + sr + c).digest()
        fn, sn = fn >> 1, sn >> 1
    return fr == old_root and sr == new_root and sn == 0
