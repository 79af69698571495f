using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using IommuSim.Kernel;
using IommuSim.Model.Spec;
using IommuSim.Parameters;
using IommuSim.Units;

namespace IommuSim.Scenarios.Tests.Schema;

public class SchemaTests
{
    private static JsonElement Schema()
    {
        var (exit, output, err) = CliRunner.Run("schema");
        Assert.True(exit == 0, err);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    /// <summary>The schema object for a dotted path (list items as "N"), following $ref and the oneOf branch that has the key.</summary>
    private static JsonElement At(JsonElement schema, string path) =>
        Find(schema, schema, path.Split('.'), 0) ?? throw new KeyNotFoundException($"no schema for {path}");

    private static JsonElement? Find(JsonElement schema, JsonElement node, string[] segments, int i)
    {
        // A key's own node keeps its description beside its $ref; a list item stands for its (first) kind.
        if (i == segments.Length && (i == 0 || segments[i - 1] != "N")) return node;
        while (node.TryGetProperty("$ref", out var r)) node = schema.GetProperty("$defs").GetProperty(r.GetString()!["#/$defs/".Length..]);
        if (node.TryGetProperty("oneOf", out var branches))
        {
            if (i == segments.Length) return Find(schema, branches[0], segments, i);
            foreach (var branch in branches.EnumerateArray())
                if (Find(schema, branch, segments, i) is { } found) return found;
            return null;
        }
        if (i == segments.Length) return node;
        if (segments[i] == "N") return node.TryGetProperty("items", out var items) ? Find(schema, items, segments, i + 1) : null;
        return node.TryGetProperty("properties", out var properties) && properties.TryGetProperty(segments[i], out var next)
            ? Find(schema, next, segments, i + 1) : null;
    }

    [Fact]
    public void It_is_draft_2020_12_with_closed_objects()
    {
        var schema = Schema();
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.GetProperty("$schema").GetString());
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(["devices"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        foreach (var def in schema.GetProperty("$defs").EnumerateObject())
            if (def.Value.TryGetProperty("type", out _))
                Assert.False(def.Value.GetProperty("additionalProperties").GetBoolean(), def.Name);
    }

    [Theory]
    [InlineData("run.duration", "string", "100ms")]
    [InlineData("run.seed", "integer", null)]
    [InlineData("platform.memory.dram_latency", "string", "90ns")]
    [InlineData("platform.memory.llc_hit_rate", "number", null)]
    [InlineData("host.mode", "string", "lazy")]
    [InlineData("devices.N.rate", "string", null)]
    [InlineData("devices.N.page_size", "string", "4KiB")]
    [InlineData("devices.N.access", "string", "sequential")]
    [InlineData("variants", "object", null)]
    [InlineData("sweep", "object", null)]
    [InlineData("include_base", "boolean", null)]
    public void Keys_have_their_type_and_default(string path, string type, string? stringDefault)
    {
        var key = At(Schema(), path);
        Assert.Equal(type, key.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(key.GetProperty("description").GetString()));
        if (stringDefault is not null) Assert.Equal(stringDefault, key.GetProperty("default").GetString());
    }

    [Fact]
    public void Enums_variants_bounds_and_required_keys_are_declared()
    {
        var schema = Schema();
        Assert.Equal(["off", "passthrough", "lazy", "strict", "swiotlb"], At(schema, "host.mode").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        // A device is one of its kinds, in name order; dma-stream is one of them.
        var kinds = schema.GetProperty("$defs").GetProperty("DeviceSpec").GetProperty("oneOf").EnumerateArray()
            .Select(k => k.TryGetProperty("$ref", out var r) ? schema.GetProperty("$defs").GetProperty(r.GetString()!["#/$defs/".Length..]) : k).ToList();
        Assert.Equal(["accelerator", "dma-stream", "nic", "nvme", "replay"],
            kinds.Select(k => k.GetProperty("properties").GetProperty("type").GetProperty("const").GetString()));
        var device = kinds[1];
        Assert.Equal(["type", "name", "rate", "size", "buffers", "buffer_size"], device.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var replications = At(schema, "run.replications");
        Assert.Equal(1, replications.GetProperty("minimum").GetInt32());
        Assert.Equal(10000, replications.GetProperty("maximum").GetInt32());
        Assert.Equal(18446744073709551615UL, At(schema, "run.seed").GetProperty("maximum").GetUInt64());
        Assert.Contains("from 1bps to 10Tbps", At(schema, "devices.N.rate").GetProperty("description").GetString());
        Assert.Contains("LMBench", At(schema, "platform.memory.dram_latency").GetProperty("$comment").GetString());
    }

    [Fact]
    public void Every_param_of_every_reachable_record_is_in_the_schema()
    {
        // Walks the records by plain reflection (not the tool's metadata) and looks each key up.
        var schema = Schema();
        var paths = new List<string>();
        Collect(typeof(ScenarioSpec), "", paths);
        Assert.Contains("devices.N.zipf_exponent", paths);
        Assert.Contains("platform.memory.llc_latency", paths);
        foreach (var path in paths)
            Assert.True(At(schema, path).TryGetProperty("description", out _), path);
    }

    private static void Collect(Type record, string prefix, List<string> paths)
    {
        foreach (var property in record.GetProperties())
        {
            var param = property.GetCustomAttribute<ParamAttribute>();
            if (param is null) continue;
            string path = prefix + param.Key;
            paths.Add(path);
            var type = property.PropertyType;
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            {
                type = type.GetGenericArguments()[0];
                path += ".N";
            }
            if (type.IsAbstract)
                foreach (var kind in type.Assembly.GetTypes().Where(t => !t.IsAbstract && type.IsAssignableFrom(t) && t.GetCustomAttribute<SpecVariantAttribute>() is not null))
                    Collect(kind, path + ".", paths);
            else if (type.IsClass && type != typeof(string))
                Collect(type, path + ".", paths);
        }
    }

    [Theory]
    [InlineData("90ns"), InlineData("1.5us"), InlineData("10 ms"), InlineData("2s"), InlineData("5µs"), InlineData(".5ms"), InlineData("-3ns")]
    [InlineData("90"), InlineData("ns"), InlineData("90 parsecs"), InlineData("9 0ns"), InlineData("1e3ns"), InlineData("90NS")]
    public void The_time_pattern_accepts_what_the_parser_accepts(string text) =>
        Assert.Equal(SimTime.TryParse(text, out _, out _), Regex.IsMatch(text, At(Schema(), "run.duration").GetProperty("pattern").GetString()!));

    [Theory]
    [InlineData("4K"), InlineData("4KB"), InlineData("4KiB"), InlineData("2 MiB"), InlineData("0B"), InlineData("1.5KiB"), InlineData("1T")]
    [InlineData("4096"), InlineData("-4K"), InlineData("4kib"), InlineData("4Ki"), InlineData("KiB"), InlineData("4 K B")]
    public void The_size_pattern_accepts_what_the_parser_accepts(string text) =>
        Assert.Equal(ByteSize.TryParse(text, out _, out _), Regex.IsMatch(text, At(Schema(), "devices.N.size").GetProperty("pattern").GetString()!));

    [Theory]
    [InlineData("10Gbps"), InlineData("25Gb/s"), InlineData("800kbps"), InlineData("12.5GB/s"), InlineData("1 Tbps"), InlineData("3bit/s"), InlineData("1KBps")]
    [InlineData("10"), InlineData("10Gbs"), InlineData("-1Gbps"), InlineData("10gbps"), InlineData("Gbps"), InlineData("10 G bps")]
    public void The_rate_pattern_accepts_what_the_parser_accepts(string text) =>
        Assert.Equal(BitRate.TryParse(text, out _, out _), Regex.IsMatch(text, At(Schema(), "devices.N.rate").GetProperty("pattern").GetString()!));
}
