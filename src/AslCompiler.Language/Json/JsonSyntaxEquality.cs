using System;

namespace AslCompiler.Language.Json;

/// <summary>Structural equality of syntax nodes; positions are ignored.</summary>
internal static class JsonSyntaxEquality
{
    public static bool DeepEquals(JsonSyntaxNode? left, JsonSyntaxNode? right)
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

                for (var i = 0; i < leftObject.Count; i++)
                {
                    var l = leftObject.Properties[i];
                    var r = rightObject.Properties[i];
                    if (!string.Equals(l.Name, r.Name, StringComparison.Ordinal) || !DeepEquals(l.Value, r.Value))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArraySyntax leftArray:
                var rightArray = (JsonArraySyntax)right;
                if (leftArray.Count != rightArray.Count)
                {
                    return false;
                }

                for (var i = 0; i < leftArray.Count; i++)
                {
                    if (!DeepEquals(leftArray[i], rightArray[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonStringSyntax leftString:
                return string.Equals(leftString.Value, ((JsonStringSyntax)right).Value, StringComparison.Ordinal);
            case JsonNumberSyntax leftNumber:
                var rightNumber = (JsonNumberSyntax)right;
                return string.Equals(leftNumber.Text, rightNumber.Text, StringComparison.Ordinal)
                    || (leftNumber.TryGetDecimal(out var a) && rightNumber.TryGetDecimal(out var b) ? a == b : leftNumber.Value.Equals(rightNumber.Value));
            case JsonBooleanSyntax leftBoolean:
                return leftBoolean.Value == ((JsonBooleanSyntax)right).Value;
            default:
                return true;
        }
    }
}
