using IommuSim.Units;

namespace IommuSim.Scenarios.Metadata;

/// <summary>A <see cref="BitRate"/>: <c>10Gbps</c>, <c>12.5GB/s</c> (decimal); bounds compare in bit/s.</summary>
internal sealed class RateSpecType : UnitSpecType
{
    public RateSpecType() : base(typeof(BitRate)) { }

    public override string Expected => "a bit rate with a unit (bps, kbps, Mbps, Gbps, Tbps; bytes: B/s, GB/s), e.g. 100Gbps";
    public override string Label => "bit rate";
    public override string Pattern => @"^\s*\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)\s*[kKMGT]?(bps|b/s|bit/s|Bps|B/s)\s*$";

    protected override bool TryParseQuantity(string text, out object value, out string error)
    {
        bool ok = BitRate.TryParse(text, out var r, out error);
        value = r;
        return ok;
    }

    public override string Format(object? value) => ((BitRate)value!).ToString();
    public override double? Magnitude(object value) => ((BitRate)value).BitsPerSecond;
    public override string FormatBound(double bound) => new BitRate((long)bound).ToString();
}
