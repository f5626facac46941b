using System;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// Measures the UTF-8 size of a value's JSON text without writing it, stopping once past a limit. A cheap upper bound
/// comes first (a string counts 6 bytes a character, the most an escape takes; an array's or object's bound is kept
/// once computed, values being immutable, so an output that reuses its input's parts bounds only what it built); only a
/// value whose bound passes the limit is measured exactly.
/// </summary>
internal static class PayloadSize
{
    private const int MaxDepth = JsonValue.MaxDepth;

    public static bool Exceeds(JsonValue value, int limit) => Bound(value, limit) > limit && Measure(value, limit) > limit;

    /// <summary>
    /// Whether the payload check refuses a value: it nests deeper than <see cref="JsonValue.MaxDepth"/>, or (with a
    /// <paramref name="limit"/> above 0) its size is past the limit.
    /// </summary>
    public static bool Refuses(JsonValue value, int limit) => TooDeep(value) || (limit > 0 && !value.IsUndefined && Exceeds(value, limit));

    /// <summary>Whether a value nests deeper than a payload may (<see cref="JsonValue.MaxDepth"/>).</summary>
    public static bool TooDeep(JsonValue value) => value.Depth > JsonValue.MaxDepth;

    /// <summary>The exact size, or a number past <paramref name="limit"/> once it is passed.</summary>
    public static int Measure(JsonValue value, int limit)
    {
        var size = 0;
        Add(value, ref size, limit, 0);
        return size;
    }

    /// <summary>An upper bound of the size, or a number past <paramref name="limit"/> once it is passed.</summary>
    internal static int Bound(JsonValue value, int limit)
    {
        if (value.Kind == JsonKind.Object && limit < int.MaxValue / 2)
        {
            // The usual output of a state: an object built from measured parts (strings, numbers, containers whose bound
            // is kept). One flat pass over its members; a member container not measured yet takes the general walk.
            var obj = value.GetObject();
            if (Known(obj.SizeBound) is var known and >= 0)
            {
                return known;
            }

            long total = 2 + obj.Count;
            foreach (var member in obj.AsSpan())
            {
                var part = ShallowBound(member.Value);
                if (part < 0 || total > limit)
                {
                    return General(value, limit);
                }

                total += StringBound(member.Key) + 1 + part;
            }

            if (total > limit)
            {
                return General(value, limit);
            }

            obj.SizeBound = Bounded((int)total);
            return (int)total;
        }

        return General(value, limit);
    }

    /// <summary>Keeps <paramref name="bound"/> on an array or object that keeps no size yet; -1 or a bound too large to keep: nothing.</summary>
    internal static void KeepBound(JsonValue value, long bound)
    {
        if (bound < 0 || bound >= int.MaxValue / 2)
        {
            return;
        }

        if (value.Kind == JsonKind.Object && value.GetObject() is { SizeBound: 0 } obj)
        {
            obj.SizeBound = Bounded((int)bound);
        }
        else if (value.Kind == JsonKind.Array && value.GetArray() is { SizeBound: 0 } array)
        {
            array.SizeBound = Bounded((int)bound);
        }
    }

    /// <summary>
    /// The size part of a bound a runner carries (<see cref="Pack"/>) when the size is not known, because outputs have no
    /// size limit: too large to be kept on a value (<see cref="KeepBound"/>) or to pass a limit.
    /// </summary>
    internal const long UnknownSize = int.MaxValue;

    /// <summary>
    /// A runner's bound of its current value in one <see cref="long"/> (generated code carries it through states, Map
    /// iterations and results, adding bounds as it goes): an upper bound of the size in the low 32 bits, of the nesting
    /// depth above them; -1 when not known. Sums of two such bounds stay upper bounds of both parts.
    /// </summary>
    internal static long Pack(long size, int depth) => size < 0 ? -1 : Math.Min(size, UnknownSize) | ((long)depth << 32);

    /// <summary>The size part of a <see cref="Pack"/>ed bound (not negative).</summary>
    internal static long SizeOf(long bound) => bound & 0xFFFF_FFFF;

    /// <summary>The depth part of a <see cref="Pack"/>ed bound (not negative).</summary>
    internal static long DepthOf(long bound) => bound >>> 32;

    /// <summary>The bound of a value when known without a walk (<see cref="ShallowBound"/>); 0 for no value.</summary>
    internal static long KnownBound(JsonValue value) => value.IsUndefined ? 0 : ShallowBound(value);

    /// <summary>The bound of a scalar or of a container whose bound is kept; -1 for a container not measured yet.</summary>
    private static long ShallowBound(JsonValue value)
    {
        switch (value.Kind)
        {
            case JsonKind.Null:
            case JsonKind.Boolean:
                return 5;
            case JsonKind.Number:
                return NumberBound(value);
            case JsonKind.String:
                return StringBound(value.GetString());
            case JsonKind.Array:
                var array = value.GetArray();
                return Known(array.SizeBound);
            case JsonKind.Object:
                var obj = value.GetObject();
                return Known(obj.SizeBound);
            default:
                return 0;
        }
    }

    private static int General(JsonValue value, int limit)
    {
        var size = 0;
        var complete = true;
        AddBound(value, ref size, limit, 0, ref complete);
        return size;
    }

    private static void AddBound(JsonValue value, ref int size, int limit, int depth, ref bool complete)
    {
        if (size > limit || depth > MaxDepth)
        {
            size = Math.Max(size, limit == int.MaxValue ? limit : limit + 1); // too deep to bound: the exact measure decides
            complete = false;
            return;
        }

        switch (value.Kind)
        {
            case JsonKind.Null:
            case JsonKind.Boolean:
                size += 5;
                return;
            case JsonKind.Number:
                size += NumberBound(value);
                return;
            case JsonKind.String:
                size += StringBound(value.GetString());
                return;
            case JsonKind.Array:
            {
                var array = value.GetArray();
                if (Known(array.SizeBound) is var knownArray and >= 0)
                {
                    size += knownArray;
                    return;
                }

                var start = size;
                var whole = true;
                size += 2 + array.Count;
                foreach (var item in array.AsSpan())
                {
                    AddBound(item, ref size, limit, depth + 1, ref whole);
                }

                if (Keep(whole, size, limit, ref complete))
                {
                    array.SizeBound = Bounded(size - start);
                }

                return;
            }

            case JsonKind.Object:
            {
                var obj = value.GetObject();
                if (Known(obj.SizeBound) is var knownObject and >= 0)
                {
                    size += knownObject;
                    return;
                }

                var start = size;
                var whole = true;
                size += 2 + obj.Count;
                foreach (var member in obj.AsSpan())
                {
                    if (size > limit)
                    {
                        whole = false;
                        break;
                    }

                    size += StringBound(member.Key) + 1;
                    AddBound(member.Value, ref size, limit, depth + 1, ref whole);
                }

                if (Keep(whole, size, limit, ref complete))
                {
                    obj.SizeBound = Bounded(size - start);
                }

                return;
            }
        }
    }

    /// <summary>Whether a container's bound was computed to its end (not cut short by the limit or the depth).</summary>
    private static bool Keep(bool whole, int size, int limit, ref bool complete)
    {
        if (whole && size <= limit)
        {
            return true;
        }

        complete = false;
        return false;
    }

    /// <summary>
    /// A number's bound: a long takes at most 20 characters and a double as Java writes it at most 24; an integer beyond
    /// 64 bits, or a double that overflowed, is written as its kept text, which can be longer.
    /// </summary>
    private static int NumberBound(JsonValue value) => value.RawText is { } text ? Math.Max(24, text.Length) : 24;

    private static int StringBound(string s) => s.Length > (int.MaxValue / 2 - 2) / 6 ? int.MaxValue / 2 : (6 * s.Length) + 2;

    /// <summary>
    /// A container's kept size (<c>SizeBound</c>): 0 when none; <c>bound + 1</c> for an upper bound; <c>-(size + 1)</c>
    /// for the exact size, found by a measure, which is also a bound. Returns the bound, or -1 when none is kept.
    /// </summary>
    private static int Known(int kept) => kept > 0 ? kept - 1 : kept < 0 ? -kept - 1 : -1;

    /// <summary>The kept value of an upper bound (see <see cref="Known"/>).</summary>
    private static int Bounded(int bound) => bound + 1;

    /// <summary>The kept value of an exact size (see <see cref="Known"/>).</summary>
    private static int Exact(int size) => -(size + 1);

    /// <summary>Adds the exact size of <paramref name="value"/>; false when cut short by the limit or the depth.</summary>
    private static bool Add(JsonValue value, ref int size, int limit, int depth)
    {
        if (size > limit || depth > MaxDepth)
        {
            return false;
        }

        switch (value.Kind)
        {
            case JsonKind.Null:
                size += 4;
                return true;
            case JsonKind.Boolean:
                size += value.IsTrue ? 4 : 5;
                return true;
            case JsonKind.Number:
                size += JsonValueWriter.NumberLength(value);
                return true;
            case JsonKind.String:
                size += StringSize(value.GetString());
                return true;
            case JsonKind.Array:
            {
                var array = value.GetArray();
                if (array.SizeBound < 0)
                {
                    size += Known(array.SizeBound);
                    return true;
                }

                var start = size;
                var whole = true;
                size += 2 + Math.Max(0, array.Count - 1);
                foreach (var item in array.AsSpan())
                {
                    whole &= Add(item, ref size, limit, depth + 1);
                }

                // Measured to its end: keep the exact size (immutable values), so a later output reusing it is not walked.
                if (whole && size <= limit)
                {
                    array.SizeBound = Exact(size - start);
                }

                return whole;
            }

            case JsonKind.Object:
            {
                var obj = value.GetObject();
                if (obj.SizeBound < 0)
                {
                    size += Known(obj.SizeBound);
                    return true;
                }

                var start = size;
                var whole = true;
                size += 2 + Math.Max(0, obj.Count - 1);
                foreach (var member in obj.AsSpan())
                {
                    size += StringSize(member.Key) + 1;
                    whole &= Add(member.Value, ref size, limit, depth + 1);
                }

                if (whole && size <= limit)
                {
                    obj.SizeBound = Exact(size - start);
                }

                return whole;
            }

            default:
                return true;
        }
    }

    /// <summary>The UTF-8 size of a JSON string literal: quotes, escapes, and 1 to 4 bytes per character.</summary>
    private static int StringSize(string s)
    {
        // Quotes, then per UTF-16 unit its UTF-8 bytes (a surrogate pair is 4, an unpaired surrogate becomes U+FFFD: 3)
        // and the escapes of JSON text as JsonValueWriter writes them (\", \\, \n, \r, \t, \b and \f one more byte, other
        // control characters \u00XX five more).
        var size = 2;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c < 0x80)
            {
                size += c is '"' or '\\' or '\n' or '\r' or '\t' or '\b' or '\f' ? 2 : c < ' ' ? 6 : 1;
            }
            else if (c < 0x800)
            {
                size += 2;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                size += 4;
                i++;
            }
            else
            {
                size += 3;
            }
        }

        return size;
    }
}
