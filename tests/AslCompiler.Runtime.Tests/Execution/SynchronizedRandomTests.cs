using AslCompiler.Runtime.Execution;

namespace AslCompiler.Runtime.Tests.Execution;

#pragma warning disable CA5394 // Not for security: the tests draw plain pseudo-random numbers.

/// <summary>
/// The kernel draws from <see cref="ExecutionOptions.Random"/> under a lock: a seeded <see cref="Random"/> given by the
/// caller is shared by every execution of the kernel and by the branches and iterations of each, on whatever threads
/// their tasks complete, and <see cref="Random"/> is not safe for draws that overlap.
/// </summary>
public class SynchronizedRandomTests
{
    [Fact]
    public void Each_draw_is_the_seeded_sources_next_draw()
    {
        var expected = new Random(7);
        var wrapped = new ExecutionOptions { Random = new Random(7) }.SynchronizedRandom;
        Span<byte> a = stackalloc byte[9];
        Span<byte> b = stackalloc byte[9];
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(expected.Next(), wrapped.Next());
            Assert.Equal(expected.Next(1000), wrapped.Next(1000));
            Assert.Equal(expected.Next(-5, 5), wrapped.Next(-5, 5));
            Assert.Equal(expected.NextInt64(), wrapped.NextInt64());
            Assert.Equal(expected.NextInt64(1L << 40), wrapped.NextInt64(1L << 40));
            Assert.Equal(expected.NextInt64(-7, 1L << 40), wrapped.NextInt64(-7, 1L << 40));
            Assert.Equal(expected.NextDouble(), wrapped.NextDouble());
            Assert.Equal(expected.NextSingle(), wrapped.NextSingle());
            expected.NextBytes(a);
            wrapped.NextBytes(b);
            Assert.True(a.SequenceEqual(b));
            var bytes1 = new byte[5];
            var bytes2 = new byte[5];
            expected.NextBytes(bytes1);
            wrapped.NextBytes(bytes2);
            Assert.Equal(bytes1, bytes2);
        }
    }

    [Fact]
    public void The_shared_source_is_used_as_it_is_and_one_view_is_made_per_options()
    {
        Assert.Same(Random.Shared, new ExecutionOptions().SynchronizedRandom);
        var options = new ExecutionOptions { Random = new Random(1) };
        Assert.Same(options.SynchronizedRandom, options.SynchronizedRandom);
        Assert.NotSame(options.Random, options.SynchronizedRandom);
        Assert.Throws<ArgumentNullException>(() => new ExecutionOptions { Random = null! });
    }

    [Fact]
    public async Task Draws_from_many_threads_never_overlap_in_the_callers_source()
    {
        var source = new OverlapDetectingRandom();
        var random = new ExecutionOptions { Random = source }.SynchronizedRandom;
        using var barrier = new Barrier(4);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            barrier.SignalAndWait();
            for (var i = 0; i < 200_000; i++)
            {
                random.Next();
            }
        })));

        Assert.Equal(800_000, source.Draws);
        Assert.Equal(0, source.Overlaps);
    }

    /// <summary>A source that counts the draws that began while another was still running.</summary>
    private sealed class OverlapDetectingRandom : Random
    {
        private int _inside;
        private int _overlaps;
        private int _draws;

        public int Overlaps => Volatile.Read(ref _overlaps);

        public int Draws => Volatile.Read(ref _draws);

        public override int Next()
        {
            if (Interlocked.Increment(ref _inside) > 1)
            {
                Interlocked.Increment(ref _overlaps);
            }

            Thread.SpinWait(20);
            Interlocked.Increment(ref _draws);
            Interlocked.Decrement(ref _inside);
            return 1;
        }
    }
}
