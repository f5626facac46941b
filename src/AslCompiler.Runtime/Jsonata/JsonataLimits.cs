using System;
using System.Diagnostics;
using System.Globalization;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Jsonata;

/// <summary>
/// The bounds an evaluation works within besides depth: the longest string and array it may build, and its deadline
/// as the built-ins and value traversals that loop over large inputs see it. The evaluator checks the deadline every
/// 256 evaluation steps; one step can be a single built-in that runs over ten million items, so that code reports its
/// work here and the clock is read once per <see cref="WorkBetweenClockReads"/> units. The deadline is per thread:
/// an evaluation runs on one thread, and static helpers shared with generated code have no evaluator to ask.
/// </summary>
internal static class JsonataLimits
{
    /// <summary>
    /// The most UTF-16 code units a string built by an expression may have (20 MB): 40 times Step Functions' largest
    /// payload (256 KiB), so no state's data comes near it, while a few such strings still fit in memory.
    /// </summary>
    public const int MaxStringLength = 10_000_000;

    /// <summary>The most items an array built by an expression may have: the size JSONata's range operator allows (D2014).</summary>
    public const int MaxArrayLength = 10_000_000;

    /// <summary>
    /// The most items (array items and object members, counted each time they appear) a copy of a value may have: the
    /// conversion of a result to JSON and <c>$clone</c>. Arrays and objects can share parts, so a value built in a few
    /// steps can stand for a tree far larger than memory, which a copy would write out in full.
    /// </summary>
    public const long MaxCopiedValues = MaxArrayLength;

    /// <summary>
    /// The most an evaluation may build in all: array items and object members added, and the characters of the strings
    /// it builds or puts in arrays, counted as they are made (four times <see cref="MaxArrayLength"/>: a few copies of the largest array).
    /// Each value within its own limit, many of them could still fill memory: a million strings of a thousand characters,
    /// each well within <see cref="MaxStringLength"/>, are two gigabytes.
    /// </summary>
    public const long MaxBuilt = 4L * MaxArrayLength;

    /// <summary>How much reported work (items visited, characters copied) passes between two readings of the clock.</summary>
    private const long WorkBetweenClockReads = 1 << 16;

    [ThreadStatic]
    private static long t_deadline;

    [ThreadStatic]
    private static long t_work;

    /// <summary>What the evaluation running on this thread has built (see <see cref="MaxBuilt"/>).</summary>
    [ThreadStatic]
    private static long t_built;

    /// <summary>Whether an evaluation runs on this thread, whose building is counted.</summary>
    [ThreadStatic]
    private static bool t_counting;

    /// <summary>
    /// Makes <paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp, <see cref="long.MaxValue"/> for none) the
    /// deadline of the evaluation running on this thread; returns the previous one, for <see cref="EndEvaluation"/>.
    /// </summary>
    public static long BeginEvaluation(long deadline)
    {
        var previous = t_deadline;
        t_deadline = deadline;
        t_work = 0;
        t_built = 0;
        t_counting = true;
        return previous;
    }

    /// <summary>Restores the deadline <see cref="BeginEvaluation"/> replaced; nothing built is counted until the next one.</summary>
    public static void EndEvaluation(long previous)
    {
        t_deadline = previous;
        t_counting = false;
    }

    /// <summary>
    /// Counts <paramref name="units"/> built (array items, object members, string characters) by the evaluation running
    /// on this thread; past <see cref="MaxBuilt"/>, fails with a size error. Outside an evaluation, nothing is counted.
    /// </summary>
    public static void Built(long units)
    {
        if (!t_counting)
        {
            return;
        }

        var built = t_built + units;
        t_built = built;
        if (built > MaxBuilt)
        {
            t_counting = false; // reported once: the evaluation ends with this error
            throw new JsonataException(
                "U1001",
                "Size limit exceeded: the expression builds more than " + MaxBuilt.ToString(CultureInfo.InvariantCulture) +
                " array items, object members and string characters in all");
        }
    }

    /// <summary>Reports <paramref name="units"/> of work; past the deadline, fails with the evaluator's timeout error.</summary>
    public static void Work(long units)
    {
        t_work += units;
        if (t_work >= WorkBetweenClockReads)
        {
            t_work = 0;
            var deadline = t_deadline;
            if (deadline != 0 && Stopwatch.GetTimestamp() > deadline)
            {
                throw Timeout();
            }
        }
    }

    /// <summary>The error of an evaluation that ran past its deadline.</summary>
    public static JsonataException Timeout() => new("U1001", "Expression evaluation timeout: Check for infinite loop");

    /// <summary>Fails when a string of <paramref name="length"/> code units would exceed <see cref="MaxStringLength"/>.</summary>
    public static void CheckStringLength(double length)
    {
        if (length > MaxStringLength)
        {
            throw StringTooLong(length);
        }

        Built((long)length);
    }

    /// <summary>Fails when an array of <paramref name="count"/> items would exceed <see cref="MaxArrayLength"/>.</summary>
    public static void CheckArrayLength(double count)
    {
        if (count > MaxArrayLength)
        {
            throw new JsonataException(
                "U1001",
                "Size limit exceeded: the expression builds an array of " + JsonataText.FormatNumber(count) + " items; the limit is " + MaxArrayLength.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Fails when a copy of <paramref name="value"/> (its conversion to JSON, or <c>$clone</c> with
    /// <paramref name="inputObjects"/>, which copies objects read from the input too) would have more than
    /// <see cref="MaxCopiedValues"/> items. Counted before copying, without allocating, and stopping at the limit: a few
    /// parts shared over and over, which stand for a tree far larger than memory, fail after that many steps rather than
    /// after the copy has filled memory.
    /// </summary>
    public static void CheckCopySize(object? value, bool inputObjects)
    {
        long count = 0;
        if (!CountItems(value, inputObjects, ref count, 0))
        {
            throw new JsonataException(
                "U1001",
                "Size limit exceeded: the value holds more than " + MaxCopiedValues.ToString(CultureInfo.InvariantCulture) +
                " items (parts an array or object shares count each time they appear)");
        }
    }

    /// <summary>Adds the items under <paramref name="value"/> to <paramref name="count"/>; false once past the limit.</summary>
    private static bool CountItems(object? value, bool inputObjects, ref long count, int depth)
    {
        // Past the nesting a copy allows, the copy reports that itself.
        if (depth > 2000)
        {
            return true;
        }

        switch (value)
        {
            case JsonataArray array:
                count += array.Count;
                foreach (var item in array)
                {
                    if (count > MaxCopiedValues || !CountItems(item, inputObjects, ref count, depth + 1))
                    {
                        return false;
                    }
                }

                break;
            case JsonataObject obj:
                count += obj.Count;
                foreach (var key in obj.Keys)
                {
                    if (count > MaxCopiedValues || !CountItems(obj[key], inputObjects, ref count, depth + 1))
                    {
                        return false;
                    }
                }

                break;
            case JsonObjectValue input when inputObjects:
                return CountItems(JsonValue.FromObject(input), ref count);
            case JsonataTuple tuple:
                return CountItems(tuple.Focus, inputObjects, ref count, depth + 1);
        }

        return count <= MaxCopiedValues;
    }

    /// <summary>The same for a JSON value read from the input.</summary>
    private static bool CountItems(JsonValue value, ref long count)
    {
        if (value.TryGetObject(out var obj))
        {
            count += obj.Count;
            foreach (var member in obj.AsSpan())
            {
                if (count > MaxCopiedValues || !CountItems(member.Value, ref count))
                {
                    return false;
                }
            }
        }
        else if (value.Kind == JsonKind.Array)
        {
            var array = value.GetArray();
            count += array.Count;
            foreach (var item in array.AsSpan())
            {
                if (count > MaxCopiedValues || !CountItems(item, ref count))
                {
                    return false;
                }
            }
        }

        return count <= MaxCopiedValues;
    }

    /// <summary>The error of a string of <paramref name="length"/> code units, past <see cref="MaxStringLength"/>.</summary>
    public static JsonataException StringTooLong(double length) => new(
        "U1001",
        "Size limit exceeded: the expression builds a string of " + JsonataText.FormatNumber(length) + " characters; the limit is " + MaxStringLength.ToString(CultureInfo.InvariantCulture));
}
