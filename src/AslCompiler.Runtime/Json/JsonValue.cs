using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace AslCompiler.Runtime.Json;

/// <summary>
/// An immutable JSON value: a small struct (kind, an inline number or boolean, and a reference to a string,
/// <see cref="JsonArrayValue"/> or <see cref="JsonObjectValue"/>). Values are shared, never copied, between
/// states: they have no parent, and "changing" one builds a new value that shares the unchanged parts.
/// <c>default(JsonValue)</c> is <see cref="JsonKind.Undefined"/> (no value), distinct from <see cref="Null"/>.
/// </summary>
/// <remarks>
/// Numbers follow Step Functions (Java, Jackson): integers keep all their digits (beyond 64 bits too) and print
/// as integers; numbers with a fraction or exponent are doubles and print as Java's <c>Double.toString</c>
/// (<c>1.0</c>, <c>0.30000000000000004</c>, <c>1.0E-5</c>, <c>1.0E7</c>).
/// </remarks>
[DebuggerDisplay("{DebuggerDisplay,nq}")]
public readonly partial struct JsonValue : IEquatable<JsonValue>
{
    // String: the string. Array/Object: the container. Number: null, or the digits of an integer beyond
    // 64 bits (NumberForm.BigInteger), or the source text of a double that overflowed (kept to print it back).
    private readonly object? _ref;

    // Boolean: 0/1. Number: the long value (Int64) or the double's bits (Double).
    private readonly long _bits;
    private readonly JsonKind _kind;
    private readonly NumberForm _form;

    private JsonValue(JsonKind kind, long bits, object? reference, NumberForm form = NumberForm.None)
    {
        _kind = kind;
        _bits = bits;
        _ref = reference;
        _form = form;
    }

    internal enum NumberForm : byte
    {
        None,
        Int64,
        Double,
        BigInteger,
    }

    /// <summary>No value (the <c>default</c>).</summary>
    public static JsonValue Undefined => default;

    /// <summary><c>null</c>.</summary>
    public static JsonValue Null { get; } = new(JsonKind.Null, 0, null);

    /// <summary><c>true</c>.</summary>
    public static JsonValue True { get; } = new(JsonKind.Boolean, 1, null);

    /// <summary><c>false</c>.</summary>
    public static JsonValue False { get; } = new(JsonKind.Boolean, 0, null);

    /// <summary>The empty string.</summary>
    public static JsonValue EmptyString { get; } = new(JsonKind.String, 0, string.Empty);

    /// <summary>The empty array.</summary>
    public static JsonValue EmptyArray { get; } = new(JsonKind.Array, 0, JsonArrayValue.Empty);

    /// <summary>The empty object.</summary>
    public static JsonValue EmptyObject { get; } = new(JsonKind.Object, 0, JsonObjectValue.Empty);

    /// <summary>The kind of value.</summary>
    public JsonKind Kind => _kind;

    /// <summary>
    /// How deeply the value nests: 0 for a scalar, 1 for an array or object of scalars, and so on. Known without a walk:
    /// each array and object keeps its own.
    /// </summary>
    internal int Depth => _kind switch
    {
        JsonKind.Object => ((JsonObjectValue)_ref!).Depth,
        JsonKind.Array => ((JsonArrayValue)_ref!).Depth,
        _ => 0,
    };

    /// <summary>
    /// How deeply a payload may nest (as Jackson's default reading constraint): JSON text deeper is not read, and a state
    /// whose output, or a Task whose result, nests deeper fails with <c>States.DataLimitExceeded</c>, so every walk over a
    /// value stays far from the call stack's end.
    /// </summary>
    internal const int MaxDepth = 1000;

    /// <summary>Whether this is no value at all (<c>default</c>).</summary>
    public bool IsUndefined => _kind == JsonKind.Undefined;

    /// <summary>Whether this is <c>null</c>.</summary>
    public bool IsNull => _kind == JsonKind.Null;

    /// <summary>Whether this is a string.</summary>
    public bool IsString => _kind == JsonKind.String;

    /// <summary>Whether this is a number.</summary>
    public bool IsNumber => _kind == JsonKind.Number;

    /// <summary>Whether this is <c>true</c> or <c>false</c>.</summary>
    public bool IsBoolean => _kind == JsonKind.Boolean;

    /// <summary>Whether this is an array.</summary>
    public bool IsArray => _kind == JsonKind.Array;

    /// <summary>Whether this is an object.</summary>
    public bool IsObject => _kind == JsonKind.Object;

    /// <summary>Whether this is a number written without fraction or exponent (an integer in Jackson's sense).</summary>
    public bool IsInteger => _kind == JsonKind.Number && _form != NumberForm.Double;

    internal NumberForm Form => _form;

    /// <summary>Creates a string value.</summary>
    public static JsonValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length == 0 ? EmptyString : new JsonValue(JsonKind.String, 0, value);
    }

    /// <summary>Creates a boolean value.</summary>
    public static JsonValue FromBoolean(bool value) => value ? True : False;

    /// <summary>Creates an integer number.</summary>
    public static JsonValue FromNumber(long value) => new(JsonKind.Number, value, null, NumberForm.Int64);

    /// <summary>Creates a decimal number (a Java double: it prints with a fraction, e.g. <c>2.0</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">NaN or infinity: JSON has no such numbers.</exception>
    public static JsonValue FromNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "JSON numbers are finite.");
        }

        return new JsonValue(JsonKind.Number, BitConverter.DoubleToInt64Bits(value), null, NumberForm.Double);
    }

    /// <summary>Creates an integer number of any size.</summary>
    public static JsonValue FromNumber(BigInteger value)
    {
        if (value >= long.MinValue && value <= long.MaxValue)
        {
            return FromNumber((long)value);
        }

        return new JsonValue(JsonKind.Number, 0, value.ToString(CultureInfo.InvariantCulture), NumberForm.BigInteger);
    }

    /// <summary>Creates a number from its JSON spelling (<c>12</c>, <c>-1.5e3</c>), as Jackson reads it.</summary>
    /// <exception cref="FormatException">The text is not a JSON number.</exception>
    public static JsonValue NumberFromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseNumber(text.AsSpan(), out var value)
            ? value
            : throw new FormatException($"'{text}' is not a JSON number.");
    }

    /// <summary>Wraps an array.</summary>
    public static JsonValue FromArray(JsonArrayValue array)
    {
        ArgumentNullException.ThrowIfNull(array);
        return new JsonValue(JsonKind.Array, 0, array);
    }

    /// <summary>Wraps an object.</summary>
    public static JsonValue FromObject(JsonObjectValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new JsonValue(JsonKind.Object, 0, value);
    }

    /// <summary>Creates an array of the given items.</summary>
    public static JsonValue CreateArray(params ReadOnlySpan<JsonValue> items) => FromArray(JsonArrayValue.Create(items));

    /// <summary>Creates an object of the given members (a repeated name keeps its first position and last value).</summary>
    /// <remarks>
    /// Members written <c>new("name", value)</c> work from two up; a single one binds to the span itself and does not
    /// compile (CS1503), so write it <c>CreateObject([new("name", value)])</c> or with <c>KeyValuePair.Create</c>.
    /// </remarks>
    public static JsonValue CreateObject(params ReadOnlySpan<KeyValuePair<string, JsonValue>> members) => FromObject(JsonObjectValue.Create(members));

    /// <summary>A string value.</summary>
    public static implicit operator JsonValue(string? value) => value is null ? Null : FromString(value);

    /// <summary>An integer value.</summary>
    public static implicit operator JsonValue(long value) => FromNumber(value);

    /// <summary>An integer value.</summary>
    public static implicit operator JsonValue(int value) => FromNumber(value);

    /// <summary>A decimal value.</summary>
    public static implicit operator JsonValue(double value) => FromNumber(value);

    /// <summary>A boolean value.</summary>
    public static implicit operator JsonValue(bool value) => FromBoolean(value);

    /// <summary>An array value.</summary>
    public static implicit operator JsonValue(JsonArrayValue value) => FromArray(value);

    /// <summary>An object value.</summary>
    public static implicit operator JsonValue(JsonObjectValue value) => FromObject(value);

    /// <summary>The string, when this is a string.</summary>
    public bool TryGetString([NotNullWhen(true)] out string? value)
    {
        value = _kind == JsonKind.String ? (string)_ref! : null;
        return value is not null;
    }

    /// <summary>The string; throws when this is not a string.</summary>
    public string GetString() => _kind == JsonKind.String ? (string)_ref! : throw WrongKind(JsonKind.String);

    /// <summary>The boolean; throws when this is not a boolean.</summary>
    public bool GetBoolean() => _kind == JsonKind.Boolean ? _bits != 0 : throw WrongKind(JsonKind.Boolean);

    /// <summary>The array; throws when this is not an array.</summary>
    public JsonArrayValue GetArray() => _kind == JsonKind.Array ? (JsonArrayValue)_ref! : throw WrongKind(JsonKind.Array);

    /// <summary>The object; throws when this is not an object.</summary>
    public JsonObjectValue GetObject() => _kind == JsonKind.Object ? (JsonObjectValue)_ref! : throw WrongKind(JsonKind.Object);

    /// <summary>The array, when this is an array.</summary>
    public bool TryGetArray([NotNullWhen(true)] out JsonArrayValue? value)
    {
        value = _ref as JsonArrayValue;
        return value is not null;
    }

    /// <summary>The object, when this is an object.</summary>
    public bool TryGetObject([NotNullWhen(true)] out JsonObjectValue? value)
    {
        value = _ref as JsonObjectValue;
        return value is not null;
    }

    /// <summary>The number as a 64-bit integer, when it is a number with an integral value that fits.</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (_kind != JsonKind.Number)
        {
            return false;
        }

        switch (_form)
        {
            case NumberForm.Int64:
                value = _bits;
                return true;
            case NumberForm.Double:
                var d = BitConverter.Int64BitsToDouble(_bits);
                if (Math.Floor(d) == d && d >= -9.2233720368547758E18 && d < 9.2233720368547758E18)
                {
                    value = (long)d;
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>The number as a 32-bit integer, when it is a number with an integral value that fits.</summary>
    public bool TryGetInt32(out int value)
    {
        if (TryGetInt64(out var l) && l >= int.MinValue && l <= int.MaxValue)
        {
            value = (int)l;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>The number as the nearest double; throws when this is not a number.</summary>
    public double GetDouble() => _kind == JsonKind.Number ? NumberAsDouble() : throw WrongKind(JsonKind.Number);

    /// <summary>The number as the nearest double, when this is a number.</summary>
    public bool TryGetDouble(out double value)
    {
        value = _kind == JsonKind.Number ? NumberAsDouble() : 0;
        return _kind == JsonKind.Number;
    }

    /// <summary>The number as an integer, when it is a number with an integral value (any size).</summary>
    public bool TryGetBigInteger(out BigInteger value)
    {
        value = default;
        if (_kind != JsonKind.Number)
        {
            return false;
        }

        switch (_form)
        {
            case NumberForm.Int64:
                value = _bits;
                return true;
            case NumberForm.BigInteger:
                value = BigInteger.Parse((string)_ref!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                return true;
            default:
                var d = BitConverter.Int64BitsToDouble(_bits);
                if (double.IsFinite(d) && Math.Floor(d) == d)
                {
                    value = new BigInteger(d);
                    return true;
                }

                return false;
        }
    }

    internal double NumberAsDouble() => _form switch
    {
        NumberForm.Int64 => _bits,
        NumberForm.Double => BitConverter.Int64BitsToDouble(_bits),
        _ => double.Parse((string)_ref!, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    internal long RawInt64 => _bits;

    internal string? RawText => _ref as string;

    /// <summary>Whether a boolean value is <c>true</c> (false for anything else).</summary>
    public bool IsTrue => _kind == JsonKind.Boolean && _bits != 0;

    /// <summary>The member with this name, or <see cref="Undefined"/> when this is not an object or lacks it.</summary>
    public JsonValue this[string name] => _ref is JsonObjectValue o && o.TryGetValue(name, out var v) ? v : default;

    /// <summary>The item at this index, or <see cref="Undefined"/> when this is not an array or the index is out of range.</summary>
    public JsonValue this[int index] => _ref is JsonArrayValue a && (uint)index < (uint)a.Count ? a[index] : default;

    /// <summary>The compact JSON text (AWS style: no whitespace). <see cref="Undefined"/> gives an empty string.</summary>
    public string ToJsonString() => JsonValueWriter.Write(this);

    /// <summary>
    /// The length (UTF-16 code units) of <see cref="ToJsonString"/>'s text, counted without writing it: a value that
    /// shares its parts (the matches of <c>$..a..a</c> over a deep document) can be small in memory and gigabytes as text.
    /// The count stops once past <paramref name="limit"/> and returns a number past it, so it costs at most about that
    /// many steps; a value nested too deeply to be written counts as past it.
    /// </summary>
    /// <param name="limit">Where counting may stop.</param>
    /// <returns>The length, or a number greater than <paramref name="limit"/>.</returns>
    public long JsonTextLength(long limit) => JsonValueWriter.Length(this, limit);

    /// <summary>The compact JSON text, UTF-8 encoded.</summary>
    public byte[] ToUtf8Bytes() => System.Text.Encoding.UTF8.GetBytes(JsonValueWriter.Write(this));

    /// <inheritdoc/>
    public override string ToString() => ToJsonString();

    private string DebuggerDisplay => _kind == JsonKind.Undefined ? "undefined" : ToJsonString();

    private InvalidOperationException WrongKind(JsonKind expected) =>
        new($"The value is {KindName(_kind)}, not {KindName(expected)}.");

    /// <summary>The kind as AWS error messages name it: <c>string</c>, <c>number</c>, <c>object</c>...</summary>
    public static string KindName(JsonKind kind) => kind switch
    {
        JsonKind.Undefined => "undefined",
        JsonKind.Null => "null",
        JsonKind.Boolean => "boolean",
        JsonKind.Number => "number",
        JsonKind.String => "string",
        JsonKind.Array => "array",
        _ => "object",
    };

    /// <summary>Reads a JSON number spelling the way Jackson does: integers stay exact, the rest are doubles.</summary>
    internal static bool TryParseNumber(ReadOnlySpan<char> text, out JsonValue value)
    {
        value = default;
        if (!IsJsonNumberSyntax(text, out var isInteger))
        {
            return false;
        }

        if (isInteger)
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                value = FromNumber(l);
                return true;
            }

            // Beyond 64 bits: keep the digits (JSON forbids leading zeros, so the text is canonical).
            value = new JsonValue(JsonKind.Number, 0, text.ToString(), NumberForm.BigInteger);
            return true;
        }

        var d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        value = double.IsFinite(d)
            ? new JsonValue(JsonKind.Number, BitConverter.DoubleToInt64Bits(d), null, NumberForm.Double)
            : new JsonValue(JsonKind.Number, BitConverter.DoubleToInt64Bits(d), text.ToString(), NumberForm.Double);
        return true;
    }

    internal static bool TryParseNumberText(string text, out JsonValue value) => TryParseNumber(text.AsSpan(), out value);

    private static bool IsJsonNumberSyntax(ReadOnlySpan<char> s, out bool isInteger)
    {
        isInteger = true;
        var i = 0;
        if (i < s.Length && s[i] == '-')
        {
            i++;
        }

        if (i >= s.Length || !char.IsAsciiDigit(s[i]))
        {
            return false;
        }

        if (s[i] == '0')
        {
            i++;
        }
        else
        {
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
        }

        if (i < s.Length && s[i] == '.')
        {
            isInteger = false;
            i++;
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            isInteger = false;
            i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                i++;
            }

            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        return i == s.Length;
    }
}
