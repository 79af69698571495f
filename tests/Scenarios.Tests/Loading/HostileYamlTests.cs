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
}
