using System.Globalization;
using IommuSim.Experiments;

namespace IommuSim.Tests.Experiments;

/// <summary>A table's CSV: snake_case header in property order, RFC 4180 fields, invariant numbers, "\n" line ends.</summary>
public class TableCsvTests
{
    public sealed record Sample(string Name, double IotlbHitRate, double P99Ns, long Count, bool Saturated);

    [Fact]
    public void The_header_is_the_properties_in_snake_case_in_their_order()
    {
        var table = new Table<Sample>("samples", []);
        Assert.Equal("name,iotlb_hit_rate,p99_ns,count,saturated\n", table.ToCsv());
    }

    [Fact]
    public void Numbers_are_written_in_the_invariant_culture_whatever_the_current_one()
    {
        var table = new Table<Sample>("samples", [new Sample("lazy", 0.25, 1234.5, 1_000_000, false)]);
        var before = CultureInfo.CurrentCulture;
        try
        {
            // A culture with German numbers (1.000.000 and 1234,5), made by hand: the build runs in globalization-invariant
            // mode, which has no de-DE. A comma decimal would split the field in two.
            var german = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            german.NumberFormat.NumberDecimalSeparator = ",";
            german.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = german;
            Assert.Equal("1234,5", 1234.5.ToString(CultureInfo.CurrentCulture)); // the culture is in effect
            Assert.Equal("name,iotlb_hit_rate,p99_ns,count,saturated\nlazy,0.25,1234.5,1000000,False\n", table.ToCsv());
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void A_figure_without_a_value_is_NaN_and_doubles_round_trip()
    {
        var table = new Table<Sample>("samples", [new Sample("passthrough", double.NaN, 0.1 + 0.2, 0, false)]);
        string line = table.ToCsv().Split('\n')[1];
        Assert.Equal("passthrough,NaN,0.30000000000000004,0,False", line);
        Assert.Equal(0.1 + 0.2, double.Parse(line.Split(',')[2], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_field_with_a_comma_or_a_quote_is_quoted_with_its_quotes_doubled()
    {
        // RFC 4180 section 2, rules 6 and 7; a sweep's variant name holds commas.
        var table = new Table<Sample>("samples",
        [
            new Sample("a=1,b=2", 1, 2, 3, true),
            new Sample("say \"hi\"", 1, 2, 3, true),
        ]);
        Assert.Equal("name,iotlb_hit_rate,p99_ns,count,saturated\n\"a=1,b=2\",1,2,3,True\n\"say \"\"hi\"\"\",1,2,3,True\n", table.ToCsv());
    }

    [Fact]
    public void Lines_end_in_a_line_feed_only()
    {
        var table = new Table<Sample>("samples", [new Sample("x", 1, 2, 3, false), new Sample("y", 1, 2, 3, false)]);
        string csv = table.ToCsv();
        Assert.DoesNotContain('\r', csv);
        Assert.Equal(3, csv.Count(c => c == '\n'));
        Assert.EndsWith("\n", csv);
    }

    [Fact]
    public void A_table_is_its_rows_by_name()
    {
        Sample[] rows = [new("x", 1, 2, 3, false), new("y", 4, 5, 6, true)];
        IResultTable table = new Table<Sample>("samples", rows);
        Assert.Equal("samples", table.Name);
        Assert.Equal(rows, (Table<Sample>)table);
        Assert.Equal("samples: 2 rows", table.ToString());
    }

    [Fact]
    public void Table_Of_takes_anonymous_rows_in_their_order()
    {
        var table = Table.Of("counts", new[] { 3, 1 }.Select(n => new { Variant = $"v{n}", DmaCount = n }));
        Assert.Equal("counts", table.Name);
        Assert.Equal("variant,dma_count\nv3,3\nv1,1\n", table.ToCsv());
    }
}
