using System.Runtime.InteropServices;

namespace IommuSim.Scenarios.Commands;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM while <c>iommusim run</c> works: the first cancels the run, which then stops, removes
/// its staging directory and says that nothing was written, instead of the process dying on the signal with the
/// staging directory left behind. A second signal takes its default course and ends the process at once, for a run
/// that does not stop.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly PosixSignalRegistration[] _registrations;
    private int _exitCode;

    /// <param name="invocation">The invocation's own token, which cancels the run too.</param>
    public TerminationSignals(CancellationToken invocation)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(invocation);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    /// <summary>Cancelled by the first signal, or by the invocation's token.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>The exit code of a cancelled run: 143 (128 + SIGTERM) after SIGTERM, else 130 (128 + SIGINT).</summary>
    public int ExitCode => Volatile.Read(ref _exitCode) == ExitCodes.Terminated ? ExitCodes.Terminated : ExitCodes.Cancelled;

    private void OnSignal(PosixSignalContext context)
    {
        int code = context.Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Cancelled;
        if (Interlocked.CompareExchange(ref _exitCode, code, 0) != 0) return;
        context.Cancel = true;
        try { _cancel.Cancel(); }
        // The run ended as the signal came: nothing is left to cancel.
        catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cancel.Dispose();
    }
}
