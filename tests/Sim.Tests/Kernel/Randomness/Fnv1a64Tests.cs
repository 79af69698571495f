using System.Text;
using IommuSim.Kernel.Randomness;

namespace IommuSim.Tests.Kernel.Randomness;

public class Fnv1a64Tests
{
    // Expected: reference_vectors.py (FNV-1a 64 over UTF-8). "" is the offset basis and "a" is the
    // published FNV-1a test vector 0xaf63dc4c8601ec8c.
    [Theory]
    [InlineData("", 0xCBF29CE484222325UL)]
    [InlineData("a", 0xAF63DC4C8601EC8CUL)]
    [InlineData("nic0", 0x090CBEBAB4CCE793UL)]
    [InlineData("nvme/queue3", 0xDBD1275F18042D0CUL)]
    [InlineData("µ", 0x0AC57F07B71B0490UL)]
    public void Hash_of_string_matches_reference(string text, ulong expected)
    {
        Assert.Equal(expected, Fnv1a64.Hash(text));
        Assert.Equal(expected, Fnv1a64.Hash(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Unpaired_surrogate_hashes_like_its_utf8_replacement()
    {
        // Encoding.UTF8 encodes a lone surrogate as U+FFFD (EF BF BD); the string overload must agree.
        const string lone = "x\uD800y";
        Assert.Equal(Fnv1a64.Hash(Encoding.UTF8.GetBytes(lone)), Fnv1a64.Hash(lone));
        Assert.Equal(Fnv1a64.Hash("x\uFFFDy"), Fnv1a64.Hash(lone));
    }
}
