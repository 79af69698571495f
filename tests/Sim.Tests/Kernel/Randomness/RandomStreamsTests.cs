using IommuSim.Kernel.Randomness;

namespace IommuSim.Tests.Kernel.Randomness;

public class RandomStreamsTests
{
    [Fact]
    public void Stream_seed_derivation_matches_reference()
    {
        // Expected: reference_vectors.py computes Mix(Mix(42 ^ "STREAMS1") ^ FNV1a64("nic0")) and the
        // first xoshiro256** outputs from it; the derived family uses domain "DERIVED1" for "rep1".
        var streams = new RandomStreams(42);
        var nic = streams.Get("nic0");
        Assert.Equal(0x5F935E569851E3E2UL, nic.Seed);
        Assert.Equal(0x6D6C3024A4174670UL, nic.NextUInt64());
        Assert.Equal(0x2FE00D8FCE63DD96UL, nic.NextUInt64());
        Assert.Equal(0x81FC57364625839BUL, nic.NextUInt64());

        var replica = streams.Derive("rep1").Get("nic0");
        Assert.Equal(0xB48A9BC0AD22804FUL, replica.NextUInt64());
        Assert.Equal(0xD300108B776DFA7EUL, replica.NextUInt64());
        Assert.Equal(0xFC1255573BB42FE6UL, replica.NextUInt64());

        // First NextDouble of a fresh "nic0": (0x6D6C3024A4174670 >> 11) * 2^-53, computed by the script.
        Assert.Equal(0.4274320687728421, new RandomStreams(42).Get("nic0").NextDouble());
    }

    [Fact]
    public void Same_name_gives_same_numbers_whatever_else_exists_or_the_order()
    {
        var alone = new RandomStreams(1234);
        var expected = Draw(alone.Get("nvme0"), 1000);

        // Other streams created first, in another order, and already consumed.
        var crowded = new RandomStreams(1234);
        Draw(crowded.Get("nic3"), 57);
        Draw(crowded.Get("iova"), 3);
        crowded.Derive("rep0").Get("nvme0").NextUInt64();
        Assert.Equal(expected, Draw(crowded.Get("nvme0"), 1000));
    }

    [Fact]
    public void Get_and_Derive_return_cached_instances()
    {
        var streams = new RandomStreams(5);
        var first = streams.Get("walker");
        first.NextUInt64();
        Assert.Same(first, streams.Get("walker"));
        Assert.Same(streams.Derive("rep2"), streams.Derive("rep2"));
        Assert.Equal(5UL, streams.MasterSeed);
    }

    [Fact]
    public void Derived_family_is_reproducible_and_distinct_from_parent()
    {
        var a = new RandomStreams(9).Derive("rep1");
        var b = new RandomStreams(9).Derive("rep1");
        Assert.Equal(a.MasterSeed, b.MasterSeed);
        Assert.Equal(Draw(a.Get("x"), 100), Draw(b.Get("x"), 100));

        var parent = new RandomStreams(9);
        Assert.NotEqual(parent.Get("rep1").Seed, parent.Derive("rep1").MasterSeed);
        Assert.NotEqual(parent.Get("x").Seed, parent.Derive("rep1").Get("x").Seed);
        Assert.NotEqual(parent.Derive("rep1").MasterSeed, parent.Derive("rep2").MasterSeed);
    }

    [Theory]
    [InlineData(1UL, "nic0", 1UL, "nic1")]
    [InlineData(1UL, "a", 1UL, "b")]
    [InlineData(0UL, "dev", 1UL, "dev")]
    public void Different_streams_are_uncorrelated(ulong seedA, string nameA, ulong seedB, string nameB)
    {
        // Independent samples of 100k have |r| of about 1/sqrt(1e5) = 0.003; 0.01 is over three of those.
        var x = DrawDoubles(new RandomStreams(seedA).Get(nameA), 100_000);
        var y = DrawDoubles(new RandomStreams(seedB).Get(nameB), 100_000);
        Assert.True(Math.Abs(UniformityCheck.PearsonCorrelation(x, y)) < 0.01);
    }

    [Fact]
    public void Names_must_be_non_empty()
    {
        var streams = new RandomStreams(0);
        Assert.Throws<ArgumentException>(() => streams.Get(""));
        Assert.Throws<ArgumentNullException>(() => streams.Get(null!));
        Assert.Throws<ArgumentException>(() => streams.Derive(""));
    }

    private static ulong[] Draw(RandomStream s, int n)
    {
        var values = new ulong[n];
        for (int i = 0; i < n; i++) values[i] = s.NextUInt64();
        return values;
    }

    private static double[] DrawDoubles(RandomStream s, int n)
    {
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = s.NextDouble();
        return values;
    }
}
