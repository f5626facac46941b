using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace AslCompiler.Language.Json;

/// <summary>Structural equality of syntax nodes; positions are ignored.</summary>
internal static class JsonSyntaxEquality
{
    // Iterative, with the pairs still to compare on a stack of its own: a tree read with a raised depth limit
    // (JsonReaderOptions.MaxDepth) may nest far deeper than the call stack could follow.
    public static bool DeepEquals(JsonSyntaxNode? left, JsonSyntaxNode? right)
    {
        var pending = new Stack<(JsonSyntaxNode? Left, JsonSyntaxNode? Right)>();
        pending.Push((left, right));
        while (pending.Count > 0)
        {
            var (l, r) = pending.Pop();
            if (!ShallowEquals(l, r, pending))
            {
                return false;
            }
        }

        return true;
    }

    // Compares two nodes without their members or items, which it leaves on the stack to compare.
    private static bool ShallowEquals(JsonSyntaxNode? left, JsonSyntaxNode? right, Stack<(JsonSyntaxNode? Left, JsonSyntaxNode? Right)> pending)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left is null || right is null || left.Kind != right.Kind)
        {
            return false;
        }

        switch (left)
        {
            case JsonObjectSyntax leftObject:
                var rightObject = (JsonObjectSyntax)right;
                if (leftObject.Count != rightObject.Count)
                {
                    return false;
                }

                for (var i = leftObject.Count - 1; i >= 0; i--)
                {
                    var l = leftObject.Properties[i];
                    var r = rightObject.Properties[i];
                    if (!string.Equals(l.Name, r.Name, StringComparison.Ordinal))
                    {
                        return false;
                    }

                    pending.Push((l.Value, r.Value));
                }

                return true;
            case JsonArraySyntax leftArray:
                var rightArray = (JsonArraySyntax)right;
                if (leftArray.Count != rightArray.Count)
                {
                    return false;
                }

                for (var i = leftArray.Count - 1; i >= 0; i--)
                {
                    pending.Push((leftArray[i], rightArray[i]));
                }

                return true;
            case JsonStringSyntax leftString:
                return string.Equals(leftString.Value, ((JsonStringSyntax)right).Value, StringComparison.Ordinal);
            case JsonNumberSyntax leftNumber:
                var rightNumber = (JsonNumberSyntax)right;
                return string.Equals(leftNumber.Text, rightNumber.Text, StringComparison.Ordinal)
                    || Canonical(leftNumber.Text).Equals(Canonical(rightNumber.Text));
            case JsonBooleanSyntax leftBoolean:
                return leftBoolean.Value == ((JsonBooleanSyntax)right).Value;
            default:
                return true;
        }
    }

    // A JSON number's exact value as sign, significant digits (no leading or trailing zeros) and the power of ten of
    // the last one, so equal values give equal triples whatever the spelling (1.50 and 15e-1), and no two different
    // values meet as doubles do beyond the double range (1e400 and 2e400, or two 400-digit integers).
    private static (bool Negative, string Digits, BigInteger Exponent) Canonical(string text)
    {
        var i = 0;
        var negative = i < text.Length && text[i] == '-';
        if (negative)
        {
            i++;
        }

        var digits = new StringBuilder(text.Length);
        var fractionDigits = 0;
        var inFraction = false;
        for (; i < text.Length && text[i] != 'e' && text[i] != 'E'; i++)
        {
            if (text[i] == '.')
            {
                inFraction = true;
                continue;
            }

            digits.Append(text[i]);
            if (inFraction)
            {
                fractionDigits++;
            }
        }

        var exponent = BigInteger.Zero;
        if (i + 1 < text.Length)
        {
#if NETSTANDARD2_0
            exponent = BigInteger.Parse(text.Substring(i + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
#else
            exponent = BigInteger.Parse(text.AsSpan(i + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
#endif
        }

        var significant = digits.ToString().TrimStart('0');
        var trimmed = significant.TrimEnd('0');
        if (trimmed.Length == 0)
        {
            return (false, string.Empty, BigInteger.Zero);
        }

        return (negative, trimmed, exponent - fractionDigits + (significant.Length - trimmed.Length));
    }
}
