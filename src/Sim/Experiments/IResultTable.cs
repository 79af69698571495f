namespace IommuSim.Experiments;

/// <summary>A table of results by name, whatever its rows: what a file-based app writes as <c>NAME.csv</c>.</summary>
public interface IResultTable
{
    /// <summary>The table's name, e.g. <c>summary</c>.</summary>
    string Name { get; }

    /// <summary>The rows as CSV with a header line.</summary>
    string ToCsv();
}
