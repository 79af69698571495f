using IommuSim.Units;

namespace IommuSim.Scenarios.Metadata;

/// <summary>A <see cref="ByteSize"/>: <c>4K</c>, <c>2KiB</c>, <c>2MiB</c> (all binary); bounds compare in bytes.</summary>
internal sealed class SizeSpecType : UnitSpecType
{
    public SizeSpecType() : base(typeof(ByteSize)) { }

    public override string Expected => "a size with a unit (B, K, KB, KiB, M, MB, MiB, G, GB, GiB, T, TB, TiB; all binary), e.g. 4KiB";
    public override string Label => "size";
    public override string Pattern => @"^\s*\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)\s*(B|[KMGT]|[KMGT]B|[KMGT]iB)\s*$";

    protected override bool TryParseQuantity(string text, out object value, out string error)
    {
        bool ok = ByteSize.TryParse(text, out var s, out error);
        value = s;
        return ok;
    }

    public override string Format(object? value) => ((ByteSize)value!).ToString();
    public override double? Magnitude(object value) => ((ByteSize)value).Bytes;
    public override string FormatBound(double bound) => new ByteSize((long)bound).ToString();
}
