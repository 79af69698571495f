using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;

namespace IommuSim.Devices.Nvme;

/// <summary>
/// The SSD's flash behind its controller: I/Os are served first come first served by <see cref="NvmeMediaParams.Channels"/>
/// channels in parallel, each I/O on the channel free first, for its service time (<see cref="ServiceTimePs"/>, constant or
/// exponential about its mean). Times are computed (each channel a virtual clock), not simulated.
/// </summary>
public sealed class NvmeMedia
{
    private readonly NvmeMediaParams _p;
    private readonly RandomStream _draws;
    private readonly long[] _freeAtPs;
    private readonly double _psPerByte;
    private long _busyPs;
    private long _windowStartPs;

    /// <summary>Creates the media, drawing service times from <paramref name="draws"/>.</summary>
    public NvmeMedia(NvmeMediaParams parameters, RandomStream draws, SimTime start)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(draws);
        _p = parameters;
        _draws = draws;
        _freeAtPs = new long[parameters.Channels];
        Array.Fill(_freeAtPs, start.Picoseconds);
        _psPerByte = parameters.ChannelBandwidth.BitsPerSecond > 0 ? 8.0 * SimTime.PsPerS / parameters.ChannelBandwidth.BitsPerSecond : 0;
        _windowStartPs = start.Picoseconds;
    }

    /// <summary>
    /// The service time of an I/O of <paramref name="bytes"/>, drawn now, in picoseconds: a read's latency and its data
    /// at the channel's bandwidth; a write's fixed latency and its latency per 4 KiB.
    /// </summary>
    public long ServiceTimePs(bool read, int bytes)
    {
        double mean = read
            ? _p.ReadLatency.Picoseconds + bytes * _psPerByte
            : _p.WriteLatency.Picoseconds + (double)_p.WritePageLatency.Picoseconds * ((bytes + 4095) / 4096);
        return (long)Math.Round(_p.Distribution == MediaDistribution.Exponential ? _draws.NextExponential(mean) : mean);
    }

    /// <summary>Serves an I/O that reaches the media at <paramref name="atPs"/>; returns when it is done.</summary>
    public long Serve(long atPs, bool read, int bytes)
    {
        int channel = 0;
        for (int c = 1; c < _freeAtPs.Length; c++)
            if (_freeAtPs[c] < _freeAtPs[channel]) channel = c;
        long start = Math.Max(atPs, _freeAtPs[channel]);
        long service = ServiceTimePs(read, bytes);
        _freeAtPs[channel] = start + service;
        _busyPs += service;
        return start + service;
    }

    /// <summary>Mean share of the channels busy since the window started, up to <paramref name="now"/> (service booked ahead counts).</summary>
    public double Utilisation(SimTime now)
    {
        long window = now.Picoseconds - _windowStartPs;
        return window <= 0 ? 0 : Math.Min(1, (double)_busyPs / window / _freeAtPs.Length);
    }

    /// <summary>Starts a new window at <paramref name="now"/> (end of warm-up).</summary>
    public void ResetStatistics(SimTime now)
    {
        _busyPs = 0;
        _windowStartPs = now.Picoseconds;
    }
}
