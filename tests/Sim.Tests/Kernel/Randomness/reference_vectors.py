#!/usr/bin/env python3
"""Independent reference for the known-answer constants in the randomness tests.

Written from the published descriptions only:
  - SplitMix64 (Steele, Lea, Flood 2014): state += 0x9E3779B97F4A7C15, then the
    variant-13 finalizer (shifts 30, 27, 31).
  - xoshiro256** (Blackman, Vigna 2018): result = rotl(s1 * 5, 7) * 9, then the
    xor/shift/rotate state update with t = s1 << 17 and rotl(s3, 45).
  - FNV-1a 64 over UTF-8 bytes: offset basis 0xcbf29ce484222325, prime 0x100000001b3.
  - Stream seed derivation as documented on IommuSim.Kernel.Randomness.RandomStreams.
Run: python3 reference_vectors.py
"""
M = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15
STREAM_DOMAIN = 0x53545245414D5331  # "STREAMS1" in ASCII
DERIVE_DOMAIN = 0x4445524956454431  # "DERIVED1" in ASCII


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return z ^ (z >> 31)


def splitmix_outputs(seed, n):
    s, out = seed, []
    for _ in range(n):
        s = (s + GAMMA) & M
        out.append(mix(s))
    return out


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M


class Xoshiro:
    def __init__(self, seed):
        self.s = splitmix_outputs(seed, 4)

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result


def fnv1a64(name):
    h = 0xCBF29CE484222325
    for b in name.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & M
    return h


def child_seed(parent, name, domain):
    return mix(mix(parent ^ domain) ^ fnv1a64(name))


if __name__ == "__main__":
    print("splitmix64(seed=0) first 3:", [hex(x) for x in splitmix_outputs(0, 3)])
    for seed in (0, 42):
        g = Xoshiro(seed)
        print(f"xoshiro256** seed={seed} first 6:", [hex(g.next()) for _ in range(6)])
    for name in ("", "a", "nic0", "nvme/queue3", "µ"):
        print(f"fnv1a64({name!r}) = {fnv1a64(name):#018x}")
    s = child_seed(42, "nic0", STREAM_DOMAIN)
    g = Xoshiro(s)
    print("RandomStreams(42).Get('nic0') seed", hex(s), "first 3:", [hex(g.next()) for _ in range(3)])
    d = child_seed(42, "rep1", DERIVE_DOMAIN)
    s = child_seed(d, "nic0", STREAM_DOMAIN)
    g = Xoshiro(s)
    print("RandomStreams(42).Derive('rep1').Get('nic0') first 3:", [hex(g.next()) for _ in range(3)])
    # NextDouble = (x >> 11) * 2^-53 of the first output of Get('nic0') under master 42
    g = Xoshiro(child_seed(42, "nic0", STREAM_DOMAIN))
    print("first NextDouble:", repr((g.next() >> 11) * 2.0 ** -53))
