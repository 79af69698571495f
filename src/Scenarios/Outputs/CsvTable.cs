using System.Globalization;
using CsvHelper;

namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// Writes one CSV file through CsvHelper: RFC 4180 quoting where a field needs it, UTF-8 without a
/// byte-order mark, "\n" line ends on every platform (same bytes everywhere), invariant culture.
/// Fields arrive already formatted (<see cref="CsvNumbers"/>), so the file's number format is ours.
/// </summary>
internal sealed class CsvTable : IDisposable
{
    private readonly CsvWriter _csv;

    public CsvTable(string path, IReadOnlyList<string> header)
    {
        var options = new CsvWriterOptions
        {
            NewLine = "\n",
            WriteByteOrderMark = false,
            FormatProvider = CultureInfo.InvariantCulture,
        };
        _csv = CsvWriter.Create(new FileStream(path, FileMode.CreateNew, FileAccess.Write), options, leaveOpen: false);
        _csv.WriteHeader(header.ToArray());
    }

    /// <summary>Writes one record.</summary>
    public void Row(string[] fields) => _csv.WriteRecord(fields);

    public void Dispose() => _csv.Dispose();
}
