using System;
using AslCompiler.Runtime.Jsonata;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// The clock a journaled frame gives JSONata: each reading is recorded in the journal the first time and read back on
/// replay, so <c>$now()</c> and <c>$millis()</c> give a resumed state the values its first run computed. Timers and
/// timestamps keep using the kernel's clock.
/// </summary>
internal sealed class JournaledClock(StateFrame frame) : TimeProvider
{
    /// <summary>The JSONata options on this clock (kept here so each frame's evaluations reuse one instance).</summary>
    internal JsonataOptions? Options { get; set; }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => frame.DurableNow();
}
