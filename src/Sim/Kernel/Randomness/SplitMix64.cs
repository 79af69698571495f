namespace IommuSim.Kernel.Randomness;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
/// a Weyl sequence with step 0x9E3779B97F4A7C15 passed through a 64-bit finalizer.
/// Used only to expand seeds: it turns any 64-bit value, including 0, into well-mixed words.
/// </summary>
public static class SplitMix64
{
    /// <summary>The Weyl-sequence increment (2^64 divided by the golden ratio, made odd).</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15;

    /// <summary>
    /// Advances <paramref name="state"/> by <see cref="Gamma"/> and returns the mix of the new state.
    /// Successive calls give the SplitMix64 sequence for the initial state.
    /// </summary>
    public static ulong Next(ref ulong state)
    {
        state = unchecked(state + Gamma);
        return Mix(state);
    }

    /// <summary>
    /// The SplitMix64 finalizer (xor-shift-multiply, shifts 30, 27, 31). It is a bijection on 64-bit
    /// values, so distinct inputs always give distinct outputs; note that <c>Mix(0) == 0</c>.
    /// </summary>
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
