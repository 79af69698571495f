using System.Numerics;

namespace IommuSim.Kernel.Randomness;

/// <summary>
/// The xoshiro256** generator (Blackman and Vigna, "Scrambled linear pseudorandom number generators",
/// ACM TOMS 2021; preprint 2018): 256 bits of state, period 2^256 - 1, 64-bit outputs.
/// Implemented here, not taken from <see cref="System.Random"/>, so that a seed gives the same numbers
/// on every .NET version and platform.
/// </summary>
/// <remarks>
/// The state is filled with four successive <see cref="SplitMix64"/> outputs of the seed, as the
/// authors recommend. Because the SplitMix64 finalizer is a bijection, at most one of the four words can
/// be zero, so the forbidden all-zero state cannot arise. Not thread-safe: one generator per user.
/// </remarks>
public sealed class Xoshiro256StarStar
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator whose state is expanded from <paramref name="seed"/> by SplitMix64.</summary>
    public Xoshiro256StarStar(ulong seed)
    {
        ulong sm = seed;
        _s0 = SplitMix64.Next(ref sm);
        _s1 = SplitMix64.Next(ref sm);
        _s2 = SplitMix64.Next(ref sm);
        _s3 = SplitMix64.Next(ref sm);
    }

    /// <summary>Returns the next 64 uniformly distributed bits and advances the state.</summary>
    public ulong NextUInt64()
    {
        unchecked
        {
            ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = BitOperations.RotateLeft(_s3, 45);
            return result;
        }
    }
}
