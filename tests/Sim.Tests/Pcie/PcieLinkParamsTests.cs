using System.Reflection;
using IommuSim.Parameters;
using IommuSim.Pcie;
using IommuSim.Units;

namespace IommuSim.Tests.Pcie;

public class PcieLinkParamsTests
{
    [Fact]
    public void The_defaults_are_a_valid_gen3_x8_link()
    {
        var p = new PcieLinkParams();
        Assert.Empty(p.Validate());
        Assert.Equal((3, 8, 256L, 512L, 64L, false, true, 256),
            (p.Generation, p.Lanes, p.MaxPayload.Bytes, p.MaxReadRequest.Bytes, p.ReadCompletionBoundary.Bytes, p.Ecrc, p.Address64Bit, p.Tags));
    }

    [Theory]
    [InlineData("lanes")]
    [InlineData("max_payload")]
    [InlineData("max_read_request")]
    [InlineData("read_completion_boundary")]
    [InlineData("tags")]
    [InlineData("generation")]
    public void Impossible_values_are_refused_at_their_key(string key)
    {
        var p = key switch
        {
            "lanes" => new PcieLinkParams { Lanes = 3 },
            "max_payload" => new PcieLinkParams { MaxPayload = ByteSize.FromBytes(384) },
            "max_read_request" => new PcieLinkParams { MaxReadRequest = ByteSize.FromBytes(8192) },
            "read_completion_boundary" => new PcieLinkParams { ReadCompletionBoundary = ByteSize.FromBytes(256) },
            "tags" => new PcieLinkParams { Generation = 3, Tags = 768 },   // 10-bit tags need PCIe 4.0
            _ => new PcieLinkParams { Generation = 7 },
        };
        var problems = p.Validate().ToList();
        Assert.Single(problems);
        Assert.Equal(key, problems[0].Key);
        Assert.Throws<ArgumentException>(() => new TlpSplitter(p));
    }

    [Fact]
    public void Ten_bit_tags_are_valid_from_gen4()
    {
        Assert.Empty(new PcieLinkParams { Generation = 4, Tags = 768 }.Validate());
        Assert.Empty(new PcieLinkParams { Lanes = 12, MaxPayload = ByteSize.FromKiB(4), ReadCompletionBoundary = ByteSize.FromBytes(128) }.Validate());
    }

    [Fact]
    public void Every_key_has_a_source_and_every_numeric_key_a_range()
    {
        foreach (var property in typeof(PcieLinkParams).GetProperties())
        {
            var param = property.GetCustomAttribute<ParamAttribute>();
            if (param is null) continue;
            Assert.False(string.IsNullOrWhiteSpace(param.Source), param.Key);
            if (property.PropertyType != typeof(bool))
                Assert.True(!double.IsNaN(param.Min) && !double.IsNaN(param.Max) && param.Min <= param.Max, param.Key);
        }
    }
}
