using IommuSim.Devices.Replay;
using IommuSim.Kernel;
using IommuSim.Units;

namespace IommuSim.Tests.Devices.Replay;

public class DmaTraceCsvReaderTests
{
    private const string Header = "time,device,iova,size,direction";

    internal static (List<DmaTraceRecord> Records, DmaTraceCsvReader Reader) ReadAll(string text)
    {
        var reader = new DmaTraceCsvReader(new StringReader(text));
        var records = new List<DmaTraceRecord>();
        while (reader.Read(out var record)) records.Add(record);
        return (records, reader);
    }

    [Fact]
    public void A_good_file_gives_exactly_the_rows_written()
    {
        const string text =
            "# recorded on host a\r\n" +
            "time,device,iova,size,direction\r\n" +
            "\r\n" +
            "0ns, nic0, 0x1000, 4096, map\r\n" +
            "1.5us,nic0,0x1000,4096,read   # a received frame\r\n" +
            "1.5us,nic1,0xFFFF0000,2KiB,write\r\n" +
            "2ms,nic0,0x1000,4KiB,unmap\r\n";
        var (records, reader) = ReadAll(text);
        Assert.Empty(reader.Problems);
        Assert.Equal(0, reader.ProblemCount);
        DmaTraceRecord[] expected =
        [
            new(SimTime.Zero, "nic0", 0x1000, ByteSize.FromBytes(4096), DmaTraceDirection.Map, 4),
            new(SimTime.FromPicoseconds(1_500_000), "nic0", 0x1000, ByteSize.FromBytes(4096), DmaTraceDirection.Read, 5),
            new(SimTime.FromPicoseconds(1_500_000), "nic1", 0xFFFF0000, ByteSize.FromBytes(2048), DmaTraceDirection.Write, 6),
            new(SimTime.FromPicoseconds(2_000_000_000), "nic0", 0x1000, ByteSize.FromBytes(4096), DmaTraceDirection.Unmap, 7),
        ];
        Assert.Equal(expected, records);
        Assert.Equal(4, reader.Records);
        Assert.Equal(7, reader.LinesRead);
        Assert.Same(records[0].Device, records[3].Device);   // one string per distinct name
        Assert.Equal(0x2000UL, records[0].IovaEnd);
    }

    // Each bad input gives one problem, at the line and the column (from 1) of the offending field.
    [Theory]
    [InlineData("1.5,nic0,0x1000,4096,read", 2, 1, "without a unit")]                          // bare number: no unit
    [InlineData("3xs,nic0,0x1000,4096,read", 2, 1, "unknown time unit")]
    [InlineData("-1us,nic0,0x1000,4096,read", 2, 1, "negative")]
    [InlineData("2us,nic0,0x1000,4096,read\n1us,nic0,0x1000,4096,read", 3, 1, "must not decrease")]
    [InlineData("1us,nic0,0x10g0,4096,read", 2, 10, "hexadecimal")]
    [InlineData("1us,nic0,1000,4096,read", 2, 10, "hexadecimal")]                               // no 0x prefix
    [InlineData("1us, nic0,  0x10g0 ,4096,read", 2, 13, "hexadecimal")]                        // padded: the field's own column
    [InlineData("1us,nic0,0x1000,0,read", 2, 17, "size is 0")]
    [InlineData("1us,nic0,0x1000,0KiB,read", 2, 17, "size is 0")]
    [InlineData("1us,nic0,0x1000,4096x,read", 2, 17, "unknown size unit")]
    [InlineData("1us,nic0,0x1000,40.5,read", 2, 17, "whole number of bytes")]
    [InlineData("1us,nic0,0xfffffffffffff000,8KiB,read", 2, 29, "passes the end")]
    [InlineData("1us,nic0,0x1000,4096,rw", 2, 22, "read, write, map or unmap")]
    [InlineData("1us,nic0,0x1000,4096,Read", 2, 22, "read, write, map or unmap")]
    [InlineData("1us,,0x1000,4096,read", 2, 5, "device name")]
    [InlineData("1us,nic0,0x1000,4096", 2, 21, "missing field 'direction'")]
    [InlineData("1us,nic0", 2, 9, "missing field 'iova'")]
    [InlineData("1us,nic0,0x1000,4096,read,7", 2, 27, "extra field '7'")]
    public void Each_kind_of_bad_row_is_one_problem_at_its_line_and_column(string rows, long line, int column, string message)
    {
        var (records, reader) = ReadAll(Header + "\n" + rows + "\n");
        var problem = Assert.Single(reader.Problems);
        Assert.Equal((line, column), (problem.Line, problem.Column));
        Assert.Contains(message, problem.Message);
        Assert.StartsWith($"line {line}, column {column}: ", problem.ToString());
        Assert.Equal(line - 2, records.Count);   // the rows before the bad one, none after
    }

    [Theory]
    [InlineData("time,device,iova,size,direction,cpu\n1us,nic0,0x1000,4096,read\n", 1, 33, "extra header columns 'cpu'")]
    [InlineData("time,device,iova,size,direction,cpu,queue\n1us,nic0,0x1000,4096,read\n", 1, 33, "'cpu,queue'")]
    [InlineData("time,dev,iova,size,direction\n1us,nic0,0x1000,4096,read\n", 1, 6, "expected header column 'device'")]
    [InlineData("# a comment\ntime,device,iova,size\n1us,nic0,0x1000,4096,read\n", 2, 22, "missing header column 'direction'")]
    [InlineData("1us,nic0,0x1000,4096,read\n", 1, 1, "expected header column 'time'")]   // no header: the first row is taken for one
    [InlineData("", 1, 1, "no header")]
    [InlineData("# nothing\n\n", 1, 1, "no header")]
    [InlineData("time,device,iova,size,direction\n# no rows\n", 1, 1, "no rows")]
    public void A_bad_header_or_an_empty_file_is_one_problem(string text, long line, int column, string message)
    {
        var (_, reader) = ReadAll(text);
        var problem = Assert.Single(reader.Problems);
        Assert.Equal((line, column), (problem.Line, problem.Column));
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void Good_rows_after_bad_ones_still_come_and_every_problem_is_reported()
    {
        const string text = Header + "\n1us,nic0,0xZ,0,rw\n2us,nic0,0x2000,64,write\n1us,nic0,0x3000,64,read\n";
        var (records, reader) = ReadAll(text);
        Assert.Equal([(2L, 10), (2L, 14), (2L, 16), (4L, 1)], reader.Problems.Select(p => (p.Line, p.Column)));
        Assert.Equal(4, reader.ProblemCount);
        var record = Assert.Single(records);
        Assert.Equal((SimTime.FromMicroseconds(2), 0x2000UL, 3L), (record.Time, record.Iova, record.Line));
    }

    [Fact]
    public void Only_the_first_hundred_problems_are_kept_but_all_are_counted()
    {
        var text = Header + "\n" + string.Concat(Enumerable.Repeat("1us,nic0,0x1000,4096,rw\n", 250));
        var (_, reader) = ReadAll(text);
        Assert.Equal(100, reader.Problems.Count);
        Assert.Equal(250, reader.ProblemCount);
        Assert.Equal(101, reader.Problems[^1].Line);
    }

    [Fact]
    public void Reading_past_the_end_keeps_returning_false_without_new_problems()
    {
        var reader = new DmaTraceCsvReader(new StringReader(""));
        Assert.False(reader.Read(out _));
        Assert.False(reader.Read(out _));
        Assert.Equal(1, reader.ProblemCount);
    }
}
