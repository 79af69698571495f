namespace IommuSim.Experiments;

/// <summary>Makes tables of any rows, anonymous ones included (<c>Table.Of("counts", rows.Select(r => new { ... }))</c>).</summary>
public static class Table
{
    /// <summary>A table named <paramref name="name"/> of <paramref name="rows"/>, in their order.</summary>
    public static Table<T> Of<T>(string name, IEnumerable<T> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new Table<T>(name, [.. rows]);
    }
}
