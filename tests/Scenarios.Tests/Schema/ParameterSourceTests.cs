using IommuSim.Scenarios.Schema;

namespace IommuSim.Scenarios.Tests.Schema;

/// <summary>Every default has a source, and docs/parameters.md lists them as the metadata says.</summary>
public class ParameterSourceTests
{
    [Fact]
    public void Every_defaulted_value_has_a_source()
    {
        var missing = ParameterTableWriter.Sourced()
            .Where(p => string.IsNullOrWhiteSpace(p.Param.Attribute.Source))
            .Select(p => p.Path + (p.Kind is null ? "" : $" ({p.Kind})"))
            .ToList();
        Assert.True(missing.Count == 0, "defaults without a source: " + string.Join(", ", missing));
    }

    [Fact]
    public void Docs_parameters_md_holds_the_generated_table()
    {
        string doc = File.ReadAllText(RepositoryFiles.Path("docs/parameters.md")).ReplaceLineEndings("\n");
        int begin = doc.IndexOf(ParameterTableWriter.Begin, StringComparison.Ordinal);
        int end = doc.IndexOf(ParameterTableWriter.End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "docs/parameters.md lacks the generated block markers");
        string block = doc[begin..(end + ParameterTableWriter.End.Length)] + "\n";
        var (exit, output, err) = CliRunner.Run("schema", "--parameters");
        Assert.True(exit == 0, err);
        Assert.True(block == output,
            "docs/parameters.md is out of date: replace its generated block with `iommusim schema --parameters`");
    }
}
