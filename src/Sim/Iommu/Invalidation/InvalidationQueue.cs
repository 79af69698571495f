using IommuSim.Kernel;

namespace IommuSim.Iommu;

/// <summary>
/// An Intel-style queued-invalidation interface: software submits descriptors; the unit processes them one
/// at a time, in order, each taking its kind's latency (<see cref="InvalidationParams"/>); a descriptor's
/// effect reaches the caches when its processing completes, and a wait descriptor calls back when everything
/// submitted before it is done. Translations in the meantime still see the old entries.
/// </summary>
public sealed class InvalidationQueue
{
    private static readonly Action<object?> HeadDone = static s => ((InvalidationQueue)s!).CompleteHead();

    private readonly Simulation _sim;
    private readonly InvalidationParams _parameters;
    private readonly List<IInvalidationTarget> _targets = [];
    private readonly long[] _countByKind = new long[Enum.GetValues<InvalidationKind>().Length];
    private InvalidationDescriptor[] _ring = new InvalidationDescriptor[16];
    private int _head;
    private int _count;
    private bool _busy;

    /// <summary>Creates an idle, empty queue applying descriptors to <paramref name="targets"/>.</summary>
    public InvalidationQueue(Simulation simulation, InvalidationParams parameters, params IInvalidationTarget[] targets)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(parameters);
        _sim = simulation;
        _parameters = parameters;
        foreach (var t in targets) AddTarget(t);
    }

    /// <summary>Descriptors submitted and not yet completed (including the one in progress).</summary>
    public int Pending => _count;
    /// <summary>Descriptors completed.</summary>
    public long Completed { get; private set; }

    /// <summary>Adds a component whose caches the descriptors act on.</summary>
    public void AddTarget(IInvalidationTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _targets.Add(target);
    }

    /// <summary>Zeroes the completion counters (e.g. after warm-up); descriptors in the queue stay.</summary>
    public void ResetCounters()
    {
        Completed = 0;
        Array.Clear(_countByKind);
    }

    /// <summary>Descriptors of <paramref name="kind"/> completed.</summary>
    public long CompletedOf(InvalidationKind kind) => _countByKind[(int)kind];

    /// <summary>The processing time of a descriptor of <paramref name="kind"/>.</summary>
    public SimTime LatencyOf(InvalidationKind kind) => kind switch
    {
        InvalidationKind.ContextGlobal or InvalidationKind.ContextDomain or InvalidationKind.ContextDevice => _parameters.ContextLatency,
        InvalidationKind.IotlbGlobal or InvalidationKind.IotlbDomain or InvalidationKind.IotlbPage => _parameters.IotlbLatency,
        InvalidationKind.DeviceTlb => _parameters.DeviceTlbLatency,
        InvalidationKind.InterruptEntryCacheGlobal or InvalidationKind.InterruptEntryCacheIndex => _parameters.InterruptEntryCacheLatency,
        InvalidationKind.Wait => _parameters.WaitLatency,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown invalidation kind"),
    };

    /// <summary>Queues <paramref name="descriptor"/> behind those already submitted.</summary>
    public void Submit(in InvalidationDescriptor descriptor)
    {
        if (_count == _ring.Length)
        {
            var bigger = new InvalidationDescriptor[_ring.Length * 2];
            for (int i = 0; i < _count; i++) bigger[i] = _ring[(_head + i) % _ring.Length];
            _ring = bigger;
            _head = 0;
        }
        _ring[(_head + _count) % _ring.Length] = descriptor;
        _count++;
        if (!_busy) StartHead();
    }

    private void StartHead()
    {
        _busy = true;
        _sim.Schedule(LatencyOf(_ring[_head].Kind), HeadDone, this);
    }

    private void CompleteHead()
    {
        var descriptor = _ring[_head];
        _ring[_head] = default;
        _head = (_head + 1) % _ring.Length;
        _count--;
        Completed++;
        _countByKind[(int)descriptor.Kind]++;
        // Start the next one first, so a wait callback that submits more keeps the order.
        if (_count > 0) StartHead();
        else _busy = false;
        if (descriptor.Kind == InvalidationKind.Wait) descriptor.OnComplete!(descriptor.State);
        else foreach (var target in _targets) target.Apply(in descriptor);
    }
}
