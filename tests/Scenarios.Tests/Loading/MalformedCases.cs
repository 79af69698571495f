namespace IommuSim.Scenarios.Tests.Loading;

/// <summary>
/// Generates broken scenarios from one valid template: bad values for every kind of key, unknown and
/// misspelt keys, missing keys, wrong kinds of node, broken YAML, and bad variants, sweeps and --set.
/// </summary>
internal static class MalformedCases
{
    public const string Template = """
        name: gen
        description: generated
        run:
          duration: 10ms
          warmup: 1ms
          seed: 3
          replications: 2
        platform:
          memory:
            dram_latency: 90ns
            llc_latency: 20ns
            llc_hit_rate: 0.5
        host:
          mode: lazy
        devices:
          - name: nic0
            type: dma-stream
            rate: 10Gbps
            arrival: poisson
            direction: write
            size: 4KiB
            size_max: 0B
            buffers: 64
            buffer_size: 4KiB
            page_size: 4KiB
            access: uniform
            zipf_exponent: 1.0

        """;

    private const char M = MalformedCase.Marker;

    public static IReadOnlyDictionary<string, MalformedCase> All { get; } = Generate().ToDictionary(c => c.Id);

    private static IEnumerable<MalformedCase> Generate()
    {
        var cases = new List<MalformedCase>();
        void Value(string keyLine, string value, string fragment, bool rule = false) =>
            cases.Add(MalformedCase.Build($"value {keyLine.Trim()} {value}", WithValue(keyLine, value), fragment, rule));

        // Times: every time key, every way to get one wrong.
        foreach (var key in new[] { "  duration:", "  warmup:", "    dram_latency:", "    llc_latency:" })
        {
            Value(key, "10", "has no unit; expected a time with a unit");
            Value(key, "10parsecs", "unknown time unit 'parsecs'");
            Value(key, "ten ms", "expected a number before 'ms'");
            Value(key, "1.5ps", "finer than one picosecond");
            Value(key, "[1ms]", "found a list; expected a time");
            Value(key, "{a: 1}", "found a mapping; expected a time");
            Value(key, "-5ms", "is below the minimum; expected a value from");
        }
        // Sizes.
        foreach (var key in new[] { "    size:", "    size_max:", "    buffer_size:", "    page_size:" })
        {
            Value(key, "4096", "has no unit; expected a size with a unit");
            Value(key, "4 kib", "unknown size unit 'kib'");
            Value(key, "-4K", "is negative");
            Value(key, "0.5B", "is not a whole number of bytes");
        }
        Value("    size:", "0B", "is below the minimum; expected a value from 1B to 1GiB");
        Value("    buffer_size:", "0B", "is below the minimum; expected a value from 1B to 1GiB");
        // Rates.
        Value("    rate:", "10", "has no unit; expected a bit rate with a unit");
        Value("    rate:", "10Gbs", "unknown bit rate unit 'Gbs'");
        Value("    rate:", "-1Gbps", "is negative");
        Value("    rate:", "0bps", "is below the minimum; expected a value from 1bps to 10Tbps");
        Value("    rate:", "1.5bps", "not a whole number of bits per second");
        Value("    rate:", "fast", "unknown bit rate unit 'fast'");
        // Whole numbers.
        Value("  seed:", "-1", "does not fit; expected a whole number from 0 to 18446744073709551615");
        Value("  seed:", "abc", "is not a whole number");
        Value("  seed:", "1.5", "is not a whole number");
        Value("  seed:", "99999999999999999999999", "does not fit");
        Value("  replications:", "0", "is below the minimum; expected a value from 1 to 10000");
        Value("  replications:", "10001", "is above the maximum; expected a value from 1 to 10000");
        Value("  replications:", "two", "is not a whole number");
        Value("    buffers:", "0", "is below the minimum");
        Value("    buffers:", "16777217", "is above the maximum; expected a value from 1 to 16777216");
        Value("    buffers:", "many", "is not a whole number");
        // Numbers.
        Value("    llc_hit_rate:", "1.5", "is above the maximum; expected a value from 0 to 1");
        Value("    llc_hit_rate:", "-0.1", "is below the minimum");
        Value("    llc_hit_rate:", "high", "is not a number");
        Value("    llc_hit_rate:", "nan", "is not a number");
        Value("    zipf_exponent:", "11", "is above the maximum; expected a value from 0 to 10");
        Value("    zipf_exponent:", "-1", "is below the minimum");
        // Enums.
        Value("  mode:", "lazzy", "unknown value 'lazzy' (did you mean 'lazy'?); expected one of off, passthrough, lazy, strict, swiotlb");
        Value("  mode:", "Strict", "(did you mean 'strict'?)");
        Value("  mode:", "bounce", "unknown value 'bounce'; expected one of off, passthrough, lazy, strict, swiotlb");
        Value("  mode:", "1", "unknown value '1'");
        Value("    arrival:", "posson", "(did you mean 'poisson'?)");
        Value("    direction:", "rw", "unknown value 'rw'; expected one of read, write");
        Value("    direction:", "wirte", "(did you mean 'write'?)");
        Value("    access:", "zipfian", "unknown value 'zipfian'; expected one of sequential, uniform, zipf");
        Value("    access:", "unifrom", "(did you mean 'uniform'?)");
        // Text given a structure.
        Value("name:", "{a: 1}", "name: found a mapping; expected text");
        Value("  - name:", "[x]", "devices.0.name: found a list; expected text");
        // Rules across keys, reported at the key they name.
        Value("    size_max:", "2KiB", "size_max (2KiB) must be at least size (4KiB)", rule: true);
        Value("    page_size:", "8KiB", "page_size must be 4KiB, 2MiB or 1GiB", rule: true);
        cases.Add(MalformedCase.Build("rule size above buffer", Template.Replace("    size: 4KiB", "    size: 8KiB").Replace("buffer_size: 4KiB", $"buffer_size: {M}4KiB"),
            "buffer_size (4KiB) must hold the largest request (8KiB)", true));
        cases.Add(MalformedCase.Build("rule duplicate device name",
            Template + $"  - name: {M}nic0\n    type: dma-stream\n    rate: 1Gbps\n    size: 4KiB\n    buffers: 4\n    buffer_size: 4KiB\n",
            "device name 'nic0' is used twice", true));
        cases.Add(MalformedCase.Build("rule no devices", Section("devices:", $"devices: {M}[]"), "at least one device is needed", true));
        // The IOMMU, the host and the platform: cross-key rules and ranges of the later sections.
        cases.Add(MalformedCase.Build("rule iotlb ways not dividing entries",
            Template.Replace("host:\n", $"  iommu:\n    iotlb:\n      entries: 64\n      ways: {M}5\nhost:\n"),
            "platform.iommu.iotlb.ways: ways (5) must divide entries (64)", true));
        cases.Add(MalformedCase.Build("rule address width",
            Template.Replace("host:\n", $"  iommu:\n    address_width: {M}50\nhost:\n"),
            "address_width must be 48 (4-level tables) or 57 (5-level tables), got 50", true));
        cases.Add(MalformedCase.Build("value walkers 0",
            Template.Replace("host:\n", $"  iommu:\n    walkers:\n      count: {M}0\nhost:\n"),
            "platform.iommu.walkers.count: 0 is below the minimum; expected a value from 1 to 4096"));
        cases.Add(MalformedCase.Build("value host cpus 0", Template.Replace("  mode: lazy\n", $"  mode: lazy\n  cpus: {M}0\n"),
            "host.cpus: 0 is below the minimum"));
        cases.Add(MalformedCase.Build("rule topology parent missing",
            Template.Replace("host:\n", $"  topology:\n    devices:\n      - {{ type: endpoint, bdf: \"0000:01:00.0\", parent: {M}\"0000:00:09.0\" }}\nhost:\n"),
            "platform.topology.devices.0.parent: there is no device 0000:00:09.0", true));
        cases.Add(MalformedCase.Build("rule vm device outside topology",
            Template + $"vms:\n  - {{ name: vm0, memory: 4GiB, devices: [{M}\"0000:07:00.0\"] }}\n",
            "vms.0.devices.0: there is no function 0000:07:00.0 in platform.topology.devices", true));
        // Two functions of one slot without ACS share a group; assigning one while the other stays on its
        // host driver is refused when the group is attached to the container (kernel >= 5.19: EPERM).
        cases.Add(MalformedCase.Build("rule vfio group not viable",
            Template.Replace("host:\n", "  topology:\n    devices:\n" +
                    "      - { type: root-port, bdf: \"0000:00:01.0\", acs: [all] }\n" +
                    "      - { type: endpoint, bdf: \"0000:01:00.0\", parent: \"0000:00:01.0\", driver: vfio-pci }\n" +
                    "      - { type: endpoint, bdf: \"0000:01:00.1\", parent: \"0000:00:01.0\", driver: ixgbe }\nhost:\n")
                .Replace("    type: dma-stream\n", "    type: dma-stream\n    bdf: \"0000:01:00.1\"\n")
                + $"vms:\n  - {{ name: vm0, memory: 4GiB, devices: {M}[\"0000:01:00.0\"] }}\n",
            "vms.0.devices: group 1 is not viable: 0000:01:00.1 is still bound to host driver ixgbe (EPERM)", true));
        cases.Add(MalformedCase.Build("rule bad device bdf",
            Template.Replace("    type: dma-stream\n", $"    type: dma-stream\n    bdf: {M}\"0000:01:00.9\"\n"),
            "is not a PCI address: function 0x9 is out of range", true));

        // Unknown and misspelt keys, reported at the key.
        void Key(string afterLine, string line, string fragment) =>
            cases.Add(MalformedCase.Build($"key {line.Trim().Replace(M.ToString(), "")} after {afterLine.Trim()}", InsertAfter(afterLine, line), fragment));
        Key("description:", $"{M}platfrom: {{}}", "unknown key 'platfrom' (did you mean 'platform'?); expected one of name, description, run, platform, host, devices, vms, variants, sweep, include_base, tool_version");
        Key("description:", $"{M}devcies: []", "(did you mean 'devices'?)");
        Key("description:", $"{M}colour: red", "unknown key 'colour'; expected one of name,");
        Key("  seed:", $"  {M}duraton: 5ms", "run: unknown key 'duraton' (did you mean 'duration'?); expected one of duration, warmup, seed, replications");
        Key("  seed:", $"  {M}replication: 2", "(did you mean 'replications'?)");
        Key("    llc_latency:", $"    {M}dram_latncy: 80ns", "platform.memory: unknown key 'dram_latncy' (did you mean 'dram_latency'?)");
        Key("    llc_latency:", $"    {M}llc_hitrate: 0.1", "(did you mean 'llc_hit_rate'?)");
        Key("  mode:", $"  {M}mdoe: strict", "host: unknown key 'mdoe' (did you mean 'mode'?); expected one of mode");
        Key("    buffers:", $"    {M}buffer_sz: 4KiB", "devices.0: unknown key 'buffer_sz' (did you mean 'buffer_size'?)");
        Key("    buffers:", $"    {M}acess: zipf", "(did you mean 'access'?)");
        Key("    buffers:", $"    {M}sizemax: 0B", "(did you mean 'size_max'?)");
        Key("    buffers:", $"    {M}colour: red", "devices.0: unknown key 'colour'; expected one of type, name,");
        Key("platform:", $"  {M}iommu_kind: vtd", "platform: unknown key 'iommu_kind'");

        // Missing keys, reported at the mapping that lacks them.
        foreach (var key in new[] { "rate", "size", "buffers", "buffer_size" })
            cases.Add(MalformedCase.Build($"missing {key}", Without($"    {key}:").Replace("  - name:", $"  - {M}name:"),
                $"devices.0: missing required key '{key}'; expected {key}: "));
        cases.Add(MalformedCase.Build("missing name", Without("  - name:").Replace("    type: dma-stream", $"  - {M}type: dma-stream"),
            "devices.0: missing required key 'name'; expected name: text"));
        cases.Add(MalformedCase.Build("missing type", Without("    type:").Replace("  - name:", $"  - {M}name:"),
            "devices.0: missing key 'type' that says which kind of device this is; expected one of accelerator, dma-stream, nic, nvme, replay"));
        cases.Add(MalformedCase.Build("missing devices", M + Section("devices:", ""), "missing required key 'devices'; expected devices: a list"));
        cases.Add(MalformedCase.Build("device type misspelt", WithValue("    type:", "dma-strem"), "unknown device type 'dma-strem' (did you mean 'dma-stream'?); expected one of accelerator, dma-stream, nic, nvme, replay"));
        cases.Add(MalformedCase.Build("device type unknown", WithValue("    type:", "gpu"), "unknown device type 'gpu'; expected one of accelerator, dma-stream, nic, nvme, replay"));
        cases.Add(MalformedCase.Build("device type list", WithValue("    type:", "[dma-stream]"), "devices.0.type: found a list; expected one of accelerator, dma-stream, nic, nvme, replay"));

        // A different kind of node than the key needs.
        cases.Add(MalformedCase.Build("node run scalar", Section("run:", $"run: {M}5"), "run: found the value '5'; expected a mapping with keys duration, warmup, seed, replications"));
        cases.Add(MalformedCase.Build("node devices scalar", Section("devices:", $"devices: {M}nic0"), "devices: found the value 'nic0'; expected a list"));
        cases.Add(MalformedCase.Build("node devices mapping", Section("devices:", $"devices: {M}{{a: 1}}"), "devices: found a mapping; expected a list"));
        cases.Add(MalformedCase.Build("node device scalar", Section("devices:", $"devices:\n  - {M}nic0"), "devices.0: found the value 'nic0'; expected a mapping with a 'type' key"));
        cases.Add(MalformedCase.Build("node platform list", Section("platform:", $"platform: {M}[1]"), "platform: found a list; expected a mapping with keys memory"));
        cases.Add(MalformedCase.Build("node memory scalar", Section("platform:", $"platform:\n  memory: {M}90ns"), "platform.memory: found the value '90ns'; expected a mapping with keys dram_latency"));
        cases.Add(MalformedCase.Build("node host scalar", Section("host:", $"host: {M}strict"), "host: found the value 'strict'; expected a mapping with keys mode"));
        cases.Add(MalformedCase.Build("node run empty", Section("run:", $"run:{M}"), "run: found an empty value; expected a mapping"));

        // Broken YAML: one problem at the parser's position.
        void Syntax(string id, string yaml, string fragment) => cases.Add(MalformedCase.Build("yaml " + id, yaml, fragment));
        Syntax("unclosed list", Template.Replace("  seed: 3", "  seed: [3, 4"), "invalid YAML");
        Syntax("unclosed mapping", Template.Replace("  seed: 3", "  seed: {a: 3"), "invalid YAML");
        Syntax("unclosed quote", Template.Replace("name: gen", "name: \"gen"), "invalid YAML");
        Syntax("tab indentation", Template.Replace("  seed: 3", $"{M}\tseed: 3"), "tab");
        Syntax("bad indentation", Template.Replace("  seed: 3", " seed: 3"), "invalid YAML");
        Syntax("nested colon", Template.Replace("name: gen", "name: a: b"), "invalid YAML");
        Syntax("reserved character", Template.Replace("name: gen", "name: @gen"), "invalid YAML");
        Syntax("undefined alias", Template.Replace("name: gen", "name: *nope"), "invalid YAML");
        Syntax("unknown escape", Template.Replace("name: gen", "name: \"g\\qen\""), "invalid YAML");
        cases.Add(MalformedCase.Build("yaml duplicate key", Template.Replace("  seed: 3", $"  seed: 3\n  {M}seed: 4"), "invalid YAML: Duplicate key seed"));
        cases.Add(MalformedCase.Build("yaml second document", Template + $"---\n{M}name: again\n", "a second YAML document"));
        cases.Add(MalformedCase.Build("yaml empty file", $"{M}", "the file is empty"));
        cases.Add(MalformedCase.Build("yaml only comments", $"{M}# nothing here\n", "the file is empty"));
        cases.Add(MalformedCase.Build("yaml root list", $"{M}- a\n- b\n", "found a list; expected a mapping with keys name,"));
        cases.Add(MalformedCase.Build("yaml root scalar", $"{M}hello\n", "found the value 'hello'; expected a mapping"));
        cases.Add(MalformedCase.Build("yaml complex key", Template + $"? {M}[a]\n: 1\n", "a key that is a list or a mapping"));
        cases.Add(MalformedCase.Build("yaml merge of a scalar", Template.Replace("host:\n", $"host:\n  <<: {M}x\n"), "'<<' merges the value 'x'; expected an alias of a mapping"));

        // Variants.
        void Variant(string id, string body, string fragment) => cases.Add(MalformedCase.Build("variants " + id, Template + "variants:\n" + body, fragment));
        Variant("misspelt key", $"  v:\n    {M}host.mdoe: strict\n", "bad path 'host.mdoe': host has no key 'mdoe' (did you mean 'mode'?); expected one of mode");
        Variant("misspelt section", $"  v:\n    {M}platform.memroy.dram_latency: 80ns\n", "platform has no key 'memroy' (did you mean 'memory'?)");
        Variant("unknown root", $"  v:\n    {M}hots.mode: strict\n", "the scenario has no key 'hots' (did you mean 'host'?)");
        Variant("unknown device name", $"  v:\n    {M}devices.nic9.rate: 1Gbps\n", "devices has no item named 'nic9' (did you mean 'nic0'?); expected an index from 0 to 0 or a name (nic0)");
        Variant("device index out of range", $"  v:\n    {M}devices.3.rate: 1Gbps\n", "devices has 1 item(s), so there is no item 3");
        Variant("unknown device key", $"  v:\n    {M}devices.nic0.colour: red\n", "devices.0 has no key 'colour'");
        Variant("path through a value", $"  v:\n    {M}run.seed.x: 1\n", "run.seed is a single value (integer), so the path cannot go on to 'x'");
        Variant("empty path segment", $"  v:\n    {M}run..seed: 1\n", "has an empty key");
        Variant("named base", $"  {M}base: {{}}\n", "'base' cannot name a variant");
        Variant("list body", $"  v: {M}[1]\n", "variants.v: found a list; expected a mapping of dotted paths to values");
        Variant("bad value", $"  v:\n    run.duration: {M}10\n", "in variant 'v': run.duration: '10' has no unit");
        Variant("bad enum", $"  v:\n    host.mode: {M}stict\n", "in variant 'v': host.mode: unknown value 'stict' (did you mean 'strict'?)");
        cases.Add(MalformedCase.Build("variants as list", Template + $"variants: {M}[a]\n", "variants: found a list; expected a mapping of variant name"));

        // Sweeps.
        void Sweep(string id, string body, string fragment) => cases.Add(MalformedCase.Build("sweep " + id, Template + "sweep:\n" + body, fragment));
        Sweep("misspelt key", $"  {M}run.sed: [1, 2]\n", "bad path 'run.sed': run has no key 'sed' (did you mean 'seed'?)");
        Sweep("scalar", $"  run.seed: {M}3\n", "sweep.run.seed: found the value '3'; expected a non-empty list of values");
        Sweep("empty list", $"  run.seed: {M}[]\n", "expected a non-empty list of values");
        Sweep("repeated value", $"  run.seed: [1, {M}1]\n", "the value '1' is listed twice; expected distinct values");
        Sweep("nested list", $"  run.seed: {M}[[1], 2]\n", "expected a non-empty list of values");
        Sweep("bad value", $"  run.duration: [10ms, {M}10]\n", "in variant 'run.duration=10': run.duration: '10' has no unit");
        Sweep("unknown device", $"  {M}devices.9.rate: [1Gbps]\n", "devices has 1 item(s), so there is no item 9");
        cases.Add(MalformedCase.Build("sweep as list", Template + $"sweep: {M}[a]\n", "sweep: found a list; expected a mapping of dotted paths to lists"));
        cases.Add(MalformedCase.Build("include_base not a flag", Template + $"include_base: {M}maybe\n", "include_base: found the value 'maybe'; expected true or false"));
        cases.Add(MalformedCase.Build("include_base false alone", Template + $"include_base: {M}false\n", "nothing to run"));
        cases.Add(MalformedCase.Build("tool_version mapping", Template + $"tool_version: {M}{{a: 1}}\n", "tool_version: found a mapping; expected text"));

        // --set: reported at the argument.
        void Set(string value, string fragment) => cases.Add(MalformedCase.Argument("set " + value, Template, "--set", value, fragment));
        Set("run.sed=2", "bad path 'run.sed': run has no key 'sed' (did you mean 'seed'?)");
        Set("host.mode=lazzy", "host.mode: unknown value 'lazzy' (did you mean 'lazy'?)");
        Set("nokey", "no path before '='; expected --set path=value");
        Set("=3", "no path before '='");
        Set("devices.nic9.rate=1Gbps", "devices has no item named 'nic9'");
        Set("run.duration=10", "run.duration: '10' has no unit");
        Set("devices.0.size=-1K", "devices.0.size: size '-1K' is negative");
        Set("run.seed=[1,", "invalid YAML");
        Set("platform.memory.dram_latency.x=1", "platform.memory.dram_latency is a single value (time)");
        Set("devices.0.ratee=1Gbps", "devices.0 has no key 'ratee' (did you mean 'rate'?)");
        Set("run.replications=0", "run.replications: 0 is below the minimum");
        Set("devices=", "devices: found an empty value; expected a list");
        return cases;
    }

    /// <summary>The template with the value of the line starting with <paramref name="keyLine"/> replaced, the marker at the value.</summary>
    private static string WithValue(string keyLine, string value) => MapLines(line => line.StartsWith(keyLine + " ", StringComparison.Ordinal) ? $"{keyLine} {M}{value}" : line);

    private static string Without(string keyLine) => MapLines(line => line.StartsWith(keyLine, StringComparison.Ordinal) ? null : line);

    private static string InsertAfter(string keyLine, string newLine) =>
        MapLines(line => line.StartsWith(keyLine, StringComparison.Ordinal) ? line + "\n" + newLine : line);

    /// <summary>The template with the section starting at <paramref name="header"/> (and its indented lines) replaced.</summary>
    private static string Section(string header, string replacement)
    {
        var lines = Template.Split('\n');
        int start = Array.FindIndex(lines, l => l.StartsWith(header, StringComparison.Ordinal));
        int end = start + 1;
        while (end < lines.Length && lines[end].StartsWith(' ')) end++;
        return string.Join('\n', lines[..start].Append(replacement).Concat(lines[end..]));
    }

    private static string MapLines(Func<string, string?> map)
    {
        var changed = Template.Split('\n').Select(map).Where(l => l is not null);
        string text = string.Join('\n', changed);
        if (text == Template) throw new InvalidOperationException("the template did not change: the case names a line it does not have");
        return text;
    }
}
