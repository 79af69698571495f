using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using CsvHelper;

namespace IommuSim.Experiments;

/// <summary>
/// Rows with a name: a list a notebook kernel displays as a table (one column per property), and
/// <see cref="ToCsv"/> writes as CSV with snake_case headers, as the CLI's files have.
/// </summary>
/// <typeparam name="T">The row record.</typeparam>
public sealed class Table<T> : IReadOnlyList<T>, IResultTable
{
    private readonly IReadOnlyList<T> _rows;

    /// <summary>A table named <paramref name="name"/> (a file-safe name, as <c>summary</c>) of <paramref name="rows"/>.</summary>
    public Table(string name, IReadOnlyList<T> rows)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(rows);
        Name = name;
        _rows = rows;
    }

    /// <summary>The table's name, e.g. <c>summary</c>; a file-based app writes it as <c>NAME.csv</c>.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public T this[int index] => _rows[index];

    /// <inheritdoc/>
    public int Count => _rows.Count;

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => _rows.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// The rows as CSV (RFC 4180, through CsvHelper): a header of the properties' names in snake_case, then one line
    /// per row; numbers in the invariant culture, round-trip precision, NaN where a figure has no value.
    /// </summary>
    public string ToCsv()
    {
        var columns = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();
        var text = new StringWriter(CultureInfo.InvariantCulture);
        var options = new CsvWriterOptions { NewLine = "\n", WriteByteOrderMark = false, FormatProvider = CultureInfo.InvariantCulture };
        using (var csv = CsvWriter.Create(text, options, leaveOpen: true))
        {
            csv.WriteHeader([.. columns.Select(c => SnakeCase(c.Name))]);
            foreach (var row in _rows) csv.WriteRecord([.. columns.Select(c => Field(c.GetValue(row)))]);
        }
        return text.ToString();
    }

    private static string Field(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The name and row count.</summary>
    public override string ToString() => $"{Name}: {Count} rows";

    // "IotlbHitRate" -> "iotlb_hit_rate", "P99Ns" -> "p99_ns".
    private static string SnakeCase(string name)
    {
        var snake = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(name[i - 1])) snake.Append('_');
            snake.Append(char.ToLowerInvariant(c));
        }
        return snake.ToString();
    }
}
