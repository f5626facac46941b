using System;
using System.Globalization;
using System.Numerics;

namespace AslCompiler.Runtime.Json;

public readonly partial struct JsonValue
{
    /// <summary>Structural equality; numbers compare by value (<c>1</c> equals <c>1.0</c>), objects ignore member order.</summary>
    public bool Equals(JsonValue other)
    {
        if (_kind != other._kind)
        {
            return false;
        }

        return _kind switch
        {
            JsonKind.Undefined or JsonKind.Null => true,
            JsonKind.Boolean => _bits == other._bits,
            JsonKind.Number => CompareNumbers(this, other) == 0,
            JsonKind.String => string.Equals((string)_ref!, (string)other._ref!, StringComparison.Ordinal),
            JsonKind.Array => ((JsonArrayValue)_ref!).Equals((JsonArrayValue)other._ref!),
            _ => ((JsonObjectValue)_ref!).Equals((JsonObjectValue)other._ref!),
        };
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is JsonValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _kind switch
    {
        JsonKind.Undefined => 0,
        JsonKind.Null => 1,
        JsonKind.Boolean => (int)_bits + 2,
        JsonKind.Number => NumberHash(),
        JsonKind.String => StringComparer.Ordinal.GetHashCode((string)_ref!),
        _ => _ref!.GetHashCode(),
    };

    /// <summary>
    /// A number's hash: equal for equal numbers (as <see cref="CompareNumbers"/> compares them) and, for integers of any
    /// form (a double without a fraction too), the hash of the exact value, so integers past 2^53 that share a double do
    /// not all collide. Other numbers hash their double (+0.0 folds -0.0 into 0.0).
    /// </summary>
    private int NumberHash()
    {
        switch (_form)
        {
            case NumberForm.Int64:
                return _bits.GetHashCode();
            case NumberForm.BigInteger:
                return StringComparer.Ordinal.GetHashCode((string)_ref!); // canonical digits
        }

        var d = NumberAsDouble();
        if (!double.IsFinite(d) || d != Math.Floor(d))
        {
            return (d + 0.0).GetHashCode();
        }

        // -2^63 <= d < 2^63 is a long; past it, an integer keeps its canonical digits (as the BigInteger form does).
        return d >= -9.2233720368547758E18 && d < 9.2233720368547758E18
            ? ((long)d).GetHashCode()
            : StringComparer.Ordinal.GetHashCode(new BigInteger(d).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Structural equality.</summary>
    public static bool operator ==(JsonValue left, JsonValue right) => left.Equals(right);

    /// <summary>Structural inequality.</summary>
    public static bool operator !=(JsonValue left, JsonValue right) => !left.Equals(right);

    /// <summary>Compares two numbers by value (exactly, whatever their forms). Both must be numbers.</summary>
    public static int CompareNumbers(JsonValue left, JsonValue right)
    {
        if (left._kind != JsonKind.Number || right._kind != JsonKind.Number)
        {
            throw new ArgumentException("Both values must be numbers.");
        }

        if (left._form == NumberForm.Int64 && right._form == NumberForm.Int64)
        {
            return left._bits.CompareTo(right._bits);
        }

        if (left._form == NumberForm.Double && right._form == NumberForm.Double)
        {
            return BitConverter.Int64BitsToDouble(left._bits).CompareTo(BitConverter.Int64BitsToDouble(right._bits));
        }

        // Integers of any size compare exactly. One beyond 64 bits keeps its canonical digits (no leading zeros), so
        // its sign, then its length, then its digits order it without parsing; as doubles, two integers beyond the
        // double range would both be infinite and so look equal.
        if (left._form != NumberForm.Double && right._form != NumberForm.Double)
        {
            return CompareIntegers(left, right);
        }

        // Mixed forms: by double first; equal doubles are integral here (a non-integral double is below 2^52,
        // where every integer converts exactly), so decide exactly with integers.
        var l = left.NumberAsDouble();
        var r = right.NumberAsDouble();
        if (!double.IsFinite(l) || !double.IsFinite(r) || l != r)
        {
            return l.CompareTo(r);
        }

        return left.TryGetBigInteger(out var li) && right.TryGetBigInteger(out var ri) ? li.CompareTo(ri) : 0;
    }

    // Two integers, at least one beyond 64 bits (NumberForm.BigInteger): such a number lies outside the long range,
    // so against an Int64 its sign decides; two of them compare by sign, digit count and then digits.
    private static int CompareIntegers(JsonValue left, JsonValue right)
    {
        if (left._form == NumberForm.Int64)
        {
            return -CompareIntegers(right, left);
        }

        var leftText = (string)left._ref!;
        var leftNegative = leftText[0] == '-';
        if (right._form == NumberForm.Int64)
        {
            return leftNegative ? -1 : 1;
        }

        var rightText = (string)right._ref!;
        var rightNegative = rightText[0] == '-';
        if (leftNegative != rightNegative)
        {
            return leftNegative ? -1 : 1;
        }

        var magnitude = leftText.Length != rightText.Length
            ? leftText.Length.CompareTo(rightText.Length)
            : Math.Sign(string.CompareOrdinal(leftText, rightText));
        return leftNegative ? -magnitude : magnitude;
    }

    /// <summary>A number's exact decimal value as text (integers as digits), for diagnostics and formatting.</summary>
    internal string NumberToInvariantString() => _form switch
    {
        NumberForm.Int64 => _bits.ToString(CultureInfo.InvariantCulture),
        NumberForm.BigInteger => (string)_ref!,
        _ => JavaDoubleFormatter.Format(BitConverter.Int64BitsToDouble(_bits)),
    };
}
