using IommuSim.Kernel.Randomness;

namespace IommuSim.Tests.Kernel.Randomness;

public class SplitMix64Tests
{
    [Fact]
    public void Sequence_from_seed_zero_matches_reference()
    {
        // Expected: reference_vectors.py (independent Python implementation of SplitMix64).
        ulong state = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, SplitMix64.Next(ref state));
        Assert.Equal(0x6E789E6AA1B965F4UL, SplitMix64.Next(ref state));
        Assert.Equal(0x06C45D188009454FUL, SplitMix64.Next(ref state));
        Assert.Equal(unchecked(3 * SplitMix64.Gamma), state);
    }

    [Fact]
    public void Mix_is_the_finalizer_of_next()
    {
        // Next(ref s) advances s by Gamma and mixes the new state, by definition.
        ulong state = 12345;
        ulong output = SplitMix64.Next(ref state);
        Assert.Equal(12345 + SplitMix64.Gamma, state);
        Assert.Equal(SplitMix64.Mix(12345 + SplitMix64.Gamma), output);
        Assert.Equal(0UL, SplitMix64.Mix(0));
    }
}
