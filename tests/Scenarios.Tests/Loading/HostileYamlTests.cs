using IommuSim.Scenarios.Commands;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Tests.Loading;

/// <summary>
/// Hostile YAML (recursive aliases, deep nesting, alias bombs, huge values and floods of problems) is refused
/// like any bad input instead of crashing or hanging the process: exit code 2, a located message, nothing written.
/// </summary>
public class HostileYamlTests
{
    private const string Template = MalformedCases.Template;
    private const char M = MalformedCase.Marker;

    private static string Replace(string oldText, string newText)
    {
        Assert.Contains(oldText, Template);
        return Template.Replace(oldText, newText);
    }

    // ---- Recursive aliases: refused at the alias, before anything walks the tree.

    private const string Recursive = "refers to a node that contains it (a recursive alias); expected ";

    private static readonly Dictionary<string, string> RecursiveCases = new()
    {
        { "list", Replace("description: generated", $"description: &x [{M}*x]") },
        { "mapping", Replace("description: generated", $"description: &x {{a: {M}*x}}") },
        { "deep inside", Replace("description: generated", $"description: &x {{a: [{{b: [1, {M}*x]}}]}}") },
        { "through a second anchor", Replace("description: generated", $"description: &a [&b [{M}*a]]") },
        { "as a key", Replace("description: generated", $"description: &k {{ {M}*k : 1 }}") },
        { "merge key", Replace("host:\n  mode: lazy", $"host: &s\n  mode: lazy\n  <<: {M}*s") },
        { "merge list", Replace("host:\n  mode: lazy", $"host: &s\n  mode: lazy\n  <<: [{M}*s]") },
        { "flow merge", Replace("host:\n  mode: lazy", $"host: &s {{<<: {M}*s}}") },
        { "devices", Replace("devices:\n", "devices: &d\n") + $"  - {M}*d\n" },
        { "a device", Replace("  - name: nic0\n", "  - &dev\n    name: nic0\n") + $"    extra: {M}*dev\n" },
        { "a device's value", Replace("    rate: 10Gbps", $"    rate: &r [{M}*r]") },
        { "a variant", Template + $"variants:\n  v: &v\n    host.mode: {M}*v\n" },
    };

    public static TheoryData<string> RecursivePlaces => [.. RecursiveCases.Keys];

    [Theory]
    [MemberData(nameof(RecursivePlaces))]
    public void A_recursive_alias_is_refused_at_the_alias(string place)
    {
        string yaml = RecursiveCases[place];
        string alias = yaml[(yaml.IndexOf(M) + 1)..].Split([' ', ']', '}', '\n'])[0];
        HostileInput.RefusedInFile(yaml, $"alias {alias} {Recursive}");
    }

    [Theory]
    [InlineData("name=&a [*a]", "*a")]
    [InlineData("host=&m {<<: *m}", "*m")]
    [InlineData("devices=&d [{name: x, more: *d}]", "*d")]
    [InlineData("description=&x {a: [&y {b: *x}]}", "*x")]
    public void A_recursive_alias_in_a_set_value_is_refused_at_the_argument(string set, string alias) =>
        HostileInput.RefusedInSet(Template, set, $"alias {alias} {Recursive}");

    [Fact]
    public void An_alias_before_its_anchor_is_refused_at_the_alias_so_two_lists_cannot_contain_each_other()
    {
        // YAML forbids an alias before its anchor; YamlDotNet's own loader resolved it late, which let two
        // nodes name each other and sent the tree walks round the cycle until the stack overflowed.
        HostileInput.RefusedInFile(Replace("description: generated", $"description: &x [{M}*y]\nextra: &y [*x]"),
            "invalid YAML: alias *y refers to no anchor before it; expected an anchor &y on a node written before the alias");
    }

    [Fact]
    public void An_anchor_reused_inside_its_own_node_names_the_inner_node_so_only_the_outer_one_is_recursive()
    {
        // YAML names the latest node with an anchor: inside &x [...], once &x d is read, *x is d, not the list.
        var problems = new ProblemList();
        var node = YamlTreeReader.Read("a: &x [&x d, *x]\nb: *x\n", "t.yaml", problems);
        Assert.Equal(0, problems.Count);
        Assert.Equal("{a: [d, d], b: [d, d]}", node!.Flow());
        Assert.Null(YamlTreeReader.Read("a: &x [&y d, *x]\n", "t.yaml", problems));
        Assert.Equal(["t.yaml:1:14: error: alias *x " + Recursive + "an alias of a node complete before it, e.g. defaults: &x {...} then <<: *x"],
            problems.Sorted().Select(p => p.ToString()));
    }

    // ---- Deep nesting: refused at the first list or mapping nested too deep.

    private const int Limit = TreeLimits.MaxDepth;
    private const string TooDeep = "levels deep; expected at most 64 levels of lists and mappings";

    /// <summary>
    /// <paramref name="levels"/> flow collections one inside the other (<c>[[[...]]]</c> or <c>{a: {a: ...}}</c>),
    /// with the marker before the one at depth 65 counting <paramref name="enclosing"/> levels around them.
    /// </summary>
    private static string Nested(int levels, int enclosing, bool mappings)
    {
        var text = new System.Text.StringBuilder();
        for (int level = 1; level <= levels; level++)
        {
            if (enclosing + level == Limit + 1) text.Append(M);
            text.Append(mappings ? "{a: " : "[");
        }
        text.Append(mappings ? "x" : "");
        text.Append(mappings ? '}' : ']', levels);
        return text.ToString();
    }

    public static TheoryData<int> Depths => new() { Limit + 1, 1000, 100_000 };

    [Theory]
    [MemberData(nameof(Depths))]
    public void A_file_of_lists_nested_too_deep_is_refused_at_the_first_one_too_deep(int levels) =>
        HostileInput.RefusedInFile(Nested(levels, 0, mappings: false) + "\n", $"a list nested {Limit + 1} {TooDeep}");

    [Theory]
    [MemberData(nameof(Depths))]
    public void A_file_of_mappings_nested_too_deep_is_refused_at_the_first_one_too_deep(int levels) =>
        HostileInput.RefusedInFile(Nested(levels, 0, mappings: true) + "\n", $"a mapping nested {Limit + 1} {TooDeep}");

    [Theory]
    [MemberData(nameof(Depths))]
    public void A_description_nested_too_deep_is_refused_at_the_first_list_too_deep(int levels) =>
        HostileInput.RefusedInFile(Replace("description: generated", "description: " + Nested(levels, 1, mappings: false)),
            $"a list nested {Limit + 1} {TooDeep}");

    [Theory]
    [MemberData(nameof(Depths))]
    public void A_device_value_nested_too_deep_is_refused_at_the_first_mapping_too_deep(int levels) =>
        HostileInput.RefusedInFile(Replace("    rate: 10Gbps", "    rate: " + Nested(levels, 3, mappings: true)),
            $"a mapping nested {Limit + 1} {TooDeep}");

    [Theory]
    [MemberData(nameof(Depths))]
    public void A_set_value_nested_too_deep_is_refused_at_the_argument(int levels) =>
        HostileInput.RefusedInSet(Template, "description=" + Nested(levels, 0, mappings: false).Replace(M.ToString(), ""),
            $"a list nested {Limit + 1} {TooDeep}");

    [Fact]
    public void A_second_document_nested_a_hundred_thousand_deep_is_refused_as_a_second_document_promptly() =>
        HostileInput.RefusedInFile(Template + $"---\n{M}" + Nested(100_000, 0, mappings: false).Replace(M.ToString(), "") + "\n",
            "a second YAML document ('---'); expected one scenario per file");

    [Fact]
    public void Nesting_is_read_up_to_the_limit_and_refused_one_level_beyond()
    {
        var problems = new ProblemList();
        var node = YamlTreeReader.Read(Nested(Limit, 0, mappings: false), "t.yaml", problems);
        Assert.Equal(0, problems.Count);
        int depth = 0;
        for (var n = node; n is ListNode list; n = list.Items.FirstOrDefault()) depth++;
        Assert.Equal(Limit, depth);
        Assert.Null(YamlTreeReader.Read(Nested(Limit + 1, 0, mappings: false).Replace(M.ToString(), ""), "t.yaml", problems));
        Assert.Equal([$"t.yaml:1:{Limit + 1}: error: a list nested {Limit + 1} {TooDeep} (a scenario needs about 8)"],
            problems.Sorted().Select(p => p.ToString()));
    }

    [Fact]
    public void Aliases_count_as_copies_so_they_cannot_stack_shallow_nodes_into_a_deep_one()
    {
        // The anchored lists are 40 deep; the alias puts them under the root and 29 more lists: 70 levels once expanded.
        string yaml = Replace("description: generated",
            $"x-a: &a {new string('[', 40)}{new string(']', 40)}\ndescription: {new string('[', 29)}{M}*a{new string(']', 29)}");
        HostileInput.RefusedInFile(yaml, $"alias *a nests lists and mappings 70 {TooDeep}");
    }

    [Fact]
    public void The_built_command_refuses_a_hundred_thousand_levels_with_exit_code_2_not_a_crash()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("deep.yaml", Nested(100_000, 0, mappings: false).Replace(M.ToString(), "") + "\n");
        var (exit, output) = CliProcess.Run("validate", file);
        Assert.Equal(2, exit);
        Assert.Equal($"{file}:1:{Limit + 1}: error: a list nested {Limit + 1} {TooDeep} (a scenario needs about 8)\n", output.ReplaceLineEndings("\n"));
    }

    // ---- Alias bombs: sized as if expanded, without expanding, and refused at the alias that makes them too large.

    private const string TooLarge = "once expanded) makes the document larger than ";

    /// <summary>A list of <paramref name="levels"/> anchored lists, each of <paramref name="width"/> aliases of the one before (the first, of scalars).</summary>
    private static string ListBomb(int levels, int width)
    {
        var items = new List<string> { $"&l0 [{string.Join(", ", Enumerable.Repeat("lol", width))}]" };
        for (int k = 1; k < levels; k++) items.Add($"&l{k} [{string.Join(", ", Enumerable.Repeat($"*l{k - 1}", width))}]");
        return "[" + string.Join(", ", items) + "]";
    }

    /// <summary>
    /// Variants v0, v1 ...: each a mapping of <paramref name="width"/> aliases of the one before, or with
    /// <paramref name="merge"/> the one before merged in (<c>&lt;&lt;: *l</c>) and as many more aliases of it.
    /// </summary>
    private static string VariantBomb(int levels, int width, bool merge)
    {
        var lines = new List<string> { "variants:", $"  v0: &l0 {{{string.Join(", ", Enumerable.Range(0, width).Select(i => $"k0_{i}: lol"))}}}" };
        for (int k = 1; k < levels; k++)
        {
            var entries = Enumerable.Range(0, width).Select(i => $"k{k}_{i}: *l{k - 1}");
            if (merge) entries = entries.Prepend($"<<: *l{k - 1}");
            lines.Add($"  v{k}: &l{k} {{{string.Join(", ", entries)}}}");
        }
        return string.Join("\n", lines) + "\n";
    }

    private static string Bomb(string place, int levels, int width) => place switch
    {
        "description" => Replace("description: generated", "description: " + ListBomb(levels, width)),
        "devices" => Replace("devices:\n", $"devices:\n  - {ListBomb(levels, width)}\n"),
        "variants" => Template + VariantBomb(levels, width, merge: false),
        "merge keys" => Template + VariantBomb(levels, width, merge: true),
        _ => throw new ArgumentOutOfRangeException(nameof(place), place, null),
    };

    public static TheoryData<string, int, int> Bombs
    {
        get
        {
            var data = new TheoryData<string, int, int>();
            foreach (var place in new[] { "description", "devices", "variants", "merge keys" })
                foreach (var (levels, width) in new[] { (9, 9), (30, 2), (12, 5) })
                    data.Add(place, levels, width);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Bombs))]
    public void An_alias_bomb_is_refused_at_the_alias_that_makes_it_too_large(string place, int levels, int width)
    {
        string yaml = Bomb(place, levels, width);
        string err = HostileInput.Refused(yaml, file => file + ":", TooLarge + "1,000,000 nodes", []);
        AssertAtTheAliasItNames(yaml, err);
    }

    [Theory]
    [InlineData("description")]
    [InlineData("devices")]
    [InlineData("variants")]
    [InlineData("merge keys")]
    public void A_small_alias_tree_is_bound_as_usual_where_a_large_one_is_refused(string place)
    {
        // 3 levels of 3 aliases: 27 copies of a value, far within the limits; binding then says what is wrong.
        var (exit, _, err) = HostileInput.Measured(["validate", WriteTemp(Bomb(place, 3, 3), out var dir)]);
        using (dir)
        {
            Assert.Equal(2, exit);
            Assert.DoesNotContain(TooLarge, err);
            Assert.Contains(place switch
            {
                "description" => "description: found a list; expected text",
                "devices" => "devices.0: found a list; expected a mapping with a 'type' key",
                _ => "bad path 'k0_0': the scenario has no key 'k0_0'",
            }, err);
        }
        // The same tree two levels up (243 copies) is still fine; at 9 levels of 9 (387 million copies) it is refused.
        Assert.DoesNotContain(TooLarge, HostileInput.Measured(["validate", WriteTemp(Bomb(place, 5, 3), out dir)]).Err);
        dir.Dispose();
        string bomb = Bomb(place, 9, 9);
        AssertAtTheAliasItNames(bomb, HostileInput.Refused(bomb, file => file + ":", TooLarge + "1,000,000 nodes", []));
    }

    [Fact]
    public void An_alias_bomb_in_a_set_value_is_refused_at_the_argument()
    {
        string set = "description=" + ListBomb(9, 9);
        HostileInput.RefusedInSet(Template, set, "alias *l5 (597,871 nodes, 1,594,323 characters " + TooLarge + "1,000,000 nodes");
    }

    [Fact]
    public void Aliases_of_a_large_value_are_refused_beyond_16_Mi_characters_of_text()
    {
        string big = new('x', 1024 * 1024);
        string yaml = Replace("description: generated", $"description: [&big {big}, {string.Join(", ", Enumerable.Repeat("*big", 20))}]");
        string err = HostileInput.Refused(yaml, file => file + ":", TooLarge + "16,777,216 characters of text", []);
        AssertAtTheAliasItNames(yaml, err);
    }

    [Fact]
    public void A_document_of_more_than_a_million_nodes_is_refused_even_without_aliases() =>
        HostileInput.Refused(Replace("description: generated", $"description: [{string.Join(",", Enumerable.Repeat("0", 1_000_000))}]"),
            file => file + ":2:", "the document grows beyond 1,000,000 nodes here", []);

    /// <summary>The message is located at an alias of the anchor it names (line and column point at <c>*name</c>).</summary>
    private static void AssertAtTheAliasItNames(string yaml, string err)
    {
        var match = System.Text.RegularExpressions.Regex.Match(err, @"^\S+:(\d+):(\d+): error: alias \*(\w+) ");
        Assert.True(match.Success, HostileInput.Head(err));
        string line = yaml.Split('\n')[int.Parse(match.Groups[1].Value) - 1];
        Assert.StartsWith("*" + match.Groups[3].Value, line[(int.Parse(match.Groups[2].Value) - 1)..]);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string WriteTemp(string yaml, out TempDirectory dir)
    {
        dir = new TempDirectory();
        return dir.Write("scenario.yaml", yaml);
    }

    // ---- Huge values: messages quote their first characters and their length, not the whole value.

    private const int Huge = 3 * 1024 * 1024;
    private static readonly string HugeWord = new('q', Huge);
    private static readonly string Cut = $"{new string('q', Excerpt.MaxLength)}... ({Huge:N0} characters)";

    /// <summary>A message longer than this echoes input: the longest honest one lists a record's keys.</summary>
    private const int LongestLine = 600;

    public static TheoryData<string> HugeValuePlaces => [.. HugeValueCases.Keys];

    private static readonly Dictionary<string, (string Yaml, string Fragment)> HugeValueCases = new()
    {
        ["enum"] = (Replace("  mode: lazy", $"  mode: {M}{HugeWord}"), $"host.mode: unknown value '{Cut}'; expected one of off,"),
        ["integer"] = (Replace("  seed: 3", $"  seed: {M}{HugeWord}"), $"run.seed: '{Cut}' is not a whole number; expected a whole number"),
        ["integer too large"] = (Replace("  seed: 3", $"  seed: {M}{new string('9', Huge)}"), $"run.seed: '{new string('9', Excerpt.MaxLength)}... ({Huge:N0} characters)' is not a whole number"),
        ["number"] = (Replace("    llc_hit_rate: 0.5", $"    llc_hit_rate: {M}{HugeWord}"), $"platform.memory.llc_hit_rate: '{Cut}' is not a number; expected a number"),
        ["flag"] = (Replace("  mode: lazy", $"  mode: lazy\n  intremap: {M}{HugeWord}"), $"host.intremap: '{Cut}' is not true or false; expected true or false"),
        ["time"] = (Replace("  duration: 10ms", $"  duration: {M}1{HugeWord}"), $"run.duration: '1{Cut[..(Excerpt.MaxLength - 1)]}... ({Huge + 1:N0} characters)' is not a valid time; expected a time with a unit"),
        ["size"] = (Replace("    size: 4KiB", $"    size: {M}{HugeWord}"), $"devices.0.size: '{Cut}' is not a valid size; expected a size with a unit"),
        // An implicit key is at most 1024 characters in YAML; an explicit one (? key) has no limit.
        ["unknown key"] = (Replace("description: generated", $"description: generated\n? {M}{HugeWord}\n: 1"), $"unknown key '{Cut}'; expected one of name, description,"),
        ["device type"] = (Replace("    type: dma-stream", $"    type: {M}{HugeWord}"), $"devices.0.type: unknown device type '{Cut}'; expected one of accelerator, dma-stream, nic, nvme, replay"),
        ["wrong kind of node"] = (Replace("run:\n  duration: 10ms\n  warmup: 1ms\n  seed: 3\n  replications: 2", $"run: {M}{HugeWord}"), $"run: found the value '{Cut}'; expected a mapping"),
        ["duplicate key"] = (Replace("description: generated", $"description: generated\n? {HugeWord}\n: 1\n? {M}{HugeWord}\n: 2"), $"invalid YAML: Duplicate key {Cut}; expected a YAML or JSON document"),
        ["anchor name"] = (Replace("description: generated", $"description: &{HugeWord} [{M}*{HugeWord}]"), $"alias *{Cut} refers to a node that contains it"),
        ["include_base"] = (Template + $"include_base: {M}{HugeWord}\n", $"include_base: found the value '{Cut}'; expected true or false"),
    };

    [Theory]
    [MemberData(nameof(HugeValuePlaces))]
    public void A_huge_value_is_quoted_by_its_start_and_length(string place)
    {
        var (yaml, fragment) = HugeValueCases[place];
        string err = HostileInput.RefusedInFile(yaml, fragment);
        AssertShortLines(err);
    }

    [Fact]
    public void A_huge_set_value_is_named_and_quoted_by_its_start_and_length()
    {
        string set = "host.mode=" + HugeWord;
        string err = HostileInput.RefusedInSet(Template, set, $"host.mode: unknown value '{Cut}'; expected one of off,");
        Assert.StartsWith($"--set host.mode={new string('q', Excerpt.MaxLength - "host.mode=".Length)}... ({set.Length:N0} characters): error: ", err);
        AssertShortLines(err);
    }

    [Fact]
    public void A_huge_node_is_written_in_flow_style_up_to_the_excerpt_length()
    {
        var problems = new ProblemList();
        var node = YamlTreeReader.Read($"a: [{HugeWord}]\nb: [{string.Join(", ", Enumerable.Repeat("xy", 40_000))}]\n", "t.yaml", problems)!;
        var map = (MapNode)node;
        Assert.Equal($"[{new string('q', Excerpt.MaxLength - 1)}...", map.Entries[0].Value.Flow());
        Assert.Equal(("[" + string.Join(", ", Enumerable.Repeat("xy", 40)))[..Excerpt.MaxLength] + "...", map.Entries[1].Value.Flow());
        Assert.Equal("{a: [1, 2], b: {c: ''}}", YamlTreeReader.Read("{a: [1, 2], b: {c: ''}}", "t.yaml", problems)!.Flow());
    }

    [Fact]
    public void A_suggestion_taken_from_the_input_is_cut_too()
    {
        string name = new('n', 200);
        Assert.Equal($" (did you mean '{new string('n', Excerpt.MaxLength)}... (200 characters)'?)", DidYouMean.Hint(name + "x", [name]));
        Assert.Equal("", DidYouMean.Hint(HugeWord, ["mode", "cpus"]));
    }

    private static void AssertShortLines(string err)
    {
        foreach (var line in err.Split('\n'))
            Assert.True(line.Length <= LongestLine, $"a line of {line.Length} characters: {HostileInput.Head(line)}");
    }

    // ---- Floods of problems: the first hundred, by position, then how many more.

    /// <summary>The template with <paramref name="count"/> unknown keys under run, the marker at the first; what validate printed, by line.</summary>
    private static string[] UnknownKeys(int count)
    {
        string keys = string.Concat(Enumerable.Range(0, count).Select(i => $"  {(i == 0 ? M.ToString() : "")}unknown{i}: 1\n"));
        string err = HostileInput.RefusedInFile(Replace("  replications: 2\n", "  replications: 2\n" + keys), "run: unknown key 'unknown0'; expected one of ");
        Assert.True(err.Length < 64 * 1024, $"{err.Length} characters on stderr");
        return err.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void Forty_thousand_problems_print_the_first_hundred_by_position_then_how_many_more()
    {
        var lines = UnknownKeys(40_000);
        Assert.Equal(ScenarioInput.MaxReported + 1, lines.Length);
        // In file order: the keys are on consecutive lines from the first one's.
        int first = Template.Split('\n').ToList().FindIndex(l => l.StartsWith("  replications:", StringComparison.Ordinal)) + 2;
        for (int k = 0; k < ScenarioInput.MaxReported; k++)
            Assert.Contains($":{first + k}:3: error: run: unknown key 'unknown{k}';", lines[k]);
        Assert.Equal("error: 39,900 more problems not shown (40,000 in all); fix the ones above first", lines[^1]);
    }

    [Fact]
    public void A_hundred_problems_are_all_printed_and_one_more_is_counted()
    {
        var lines = UnknownKeys(ScenarioInput.MaxReported);
        Assert.Equal(ScenarioInput.MaxReported, lines.Length);
        Assert.Contains("unknown99", lines[^1]);
        lines = UnknownKeys(ScenarioInput.MaxReported + 1);
        Assert.Equal(ScenarioInput.MaxReported + 1, lines.Length);
        Assert.Contains("unknown99", lines[^2]);
        Assert.Equal("error: 1 more problem not shown (101 in all); fix the ones above first", lines[^1]);
    }

    [Fact]
    public void A_huge_name_is_refused_by_its_length_without_quoting_it()
    {
        string yaml = Replace("  - name: nic0\n", $"  - name: {M}{HugeWord}\n");
        string err = HostileInput.RefusedInFile(yaml, $"devices.0.name: the name is {Huge:N0} characters long; expected a name of 1 to 64");
        Assert.DoesNotContain("qqqq", err);
    }

    [Fact]
    public void A_line_that_quotes_input_whole_is_cut_and_escaped_when_printed()
    {
        // Any rule may quote a key, a path or a name whole: the printer cuts the line and escapes what would
        // break it or act on the terminal.
        var error = new StringWriter();
        var problem = new ScenarioProblem(new SourceLocation("s.yaml", 3, 5), $"a\u001b[2J\nb {HugeWord}");
        Assert.Equal(2, ScenarioInput.Reject(error, [problem]));
        string line = error.ToString().TrimEnd('\n');
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("s.yaml:3:5: error: a\\u001B[2J\\nb qqqq", line);
        Assert.EndsWith($"... ({"s.yaml:3:5: error: ".Length + 8 + Huge:N0} characters)", line);
        Assert.True(line.Length <= ScenarioInput.MaxLineLength + 40, $"a line of {line.Length} characters");
    }
}
