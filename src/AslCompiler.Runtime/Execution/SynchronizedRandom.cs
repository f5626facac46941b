using System;

namespace AslCompiler.Runtime.Execution;

#pragma warning disable CA5394 // Not for security: the draws of retry jitter, task tokens and the random functions.

/// <summary>
/// A caller's <see cref="Random"/> made safe to draw from on several threads at once: each draw holds a lock on the
/// instance. <see cref="Random"/> is not thread-safe (draws that overlap lose updates; on .NET Framework they could
/// leave it returning zeros), and the executions of a kernel, and the branches and iterations of one execution, draw
/// from one source on whatever threads their tasks complete. <see cref="Random.Shared"/> is thread-safe already and is
/// used as it is.
/// </summary>
internal sealed class SynchronizedRandom : Random
{
    private readonly Random _inner;

    private SynchronizedRandom(Random inner)
        : base(0) // the base's own state is never used: every draw goes to the inner source
    {
        _inner = inner;
    }

    /// <summary><paramref name="random"/> itself when it is thread-safe already, else a synchronized view of it.</summary>
    public static Random Wrap(Random random) =>
        ReferenceEquals(random, Shared) || random is SynchronizedRandom ? random : new SynchronizedRandom(random);

    /// <inheritdoc/>
    public override int Next()
    {
        lock (_inner)
        {
            return _inner.Next();
        }
    }

    /// <inheritdoc/>
    public override int Next(int maxValue)
    {
        lock (_inner)
        {
            return _inner.Next(maxValue);
        }
    }

    /// <inheritdoc/>
    public override int Next(int minValue, int maxValue)
    {
        lock (_inner)
        {
            return _inner.Next(minValue, maxValue);
        }
    }

    /// <inheritdoc/>
    public override long NextInt64()
    {
        lock (_inner)
        {
            return _inner.NextInt64();
        }
    }

    /// <inheritdoc/>
    public override long NextInt64(long maxValue)
    {
        lock (_inner)
        {
            return _inner.NextInt64(maxValue);
        }
    }

    /// <inheritdoc/>
    public override long NextInt64(long minValue, long maxValue)
    {
        lock (_inner)
        {
            return _inner.NextInt64(minValue, maxValue);
        }
    }

    /// <inheritdoc/>
    public override double NextDouble()
    {
        lock (_inner)
        {
            return _inner.NextDouble();
        }
    }

    /// <inheritdoc/>
    public override float NextSingle()
    {
        lock (_inner)
        {
            return _inner.NextSingle();
        }
    }

    /// <inheritdoc/>
    public override void NextBytes(byte[] buffer)
    {
        lock (_inner)
        {
            _inner.NextBytes(buffer);
        }
    }

    /// <inheritdoc/>
    public override void NextBytes(Span<byte> buffer)
    {
        lock (_inner)
        {
            _inner.NextBytes(buffer);
        }
    }

    /// <inheritdoc/>
    protected override double Sample() => NextDouble();
}
