using IommuSim.Scenarios.Loading;

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

    public static TheoryData<string, string> RecursiveCases => new()
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

    [Theory]
    [MemberData(nameof(RecursiveCases))]
    public void A_recursive_alias_is_refused_at_the_alias(string place, string yaml)
    {
        string alias = yaml[(yaml.IndexOf(M) + 1)..].Split([' ', ']', '}', '\n'])[0];
        Assert.False(string.IsNullOrEmpty(place));
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
    public void An_anchor_reused_inside_its_own_node_names_the_inner_node_and_is_no_recursion()
    {
        // YAML names the latest node with an anchor: inside &x [...], once &x d is read, *x is d, not the list.
        var problems = new ProblemList();
        var node = YamlTreeReader.Read("a: &x [&x d, *x]\nb: *x\n", "t.yaml", problems);
        Assert.Equal(0, problems.Count);
        Assert.Equal("{a: [d, d], b: [d, d]}", node!.Flow());
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
    public void Nesting_up_to_the_limit_is_read()
    {
        var problems = new ProblemList();
        var node = YamlTreeReader.Read(Nested(Limit, 0, mappings: false).Replace(M.ToString(), ""), "t.yaml", problems);
        Assert.Equal(0, problems.Count);
        int depth = 0;
        for (var n = node; n is ListNode list; n = list.Items.FirstOrDefault()) depth++;
        Assert.Equal(Limit, depth);
    }

    [Fact]
    public void Aliases_count_as_copies_so_they_cannot_stack_shallow_nodes_into_a_deep_one()
    {
        // Each anchored list is 40 deep; the alias puts one inside another 30 deep: 70 levels once expanded.
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
}
