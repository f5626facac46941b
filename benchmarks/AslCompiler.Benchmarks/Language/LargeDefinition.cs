using System.Globalization;
using System.Text;

namespace AslCompiler.Benchmarks.Language;

/// <summary>Builds a realistic state machine definition of a given size (AWS's limit is 1,048,576 characters).</summary>
internal static class LargeDefinition
{
    public static string Create(int targetCharacters)
    {
        var builder = new StringBuilder(targetCharacters + 4096);
        builder.Append("{\n  \"Comment\": \"A large generated definition\",\n  \"StartAt\": \"State0\",\n  \"States\": {\n");
        var i = 0;
        while (builder.Length < targetCharacters - 600)
        {
            var name = "State" + i.ToString(CultureInfo.InvariantCulture);
            var next = "State" + (i + 1).ToString(CultureInfo.InvariantCulture);
            builder.Append("    \"").Append(name).Append("\": {\n");
            switch (i % 3)
            {
                case 0:
                    builder.Append("      \"Type\": \"Pass\",\n      \"Parameters\": {\n        \"orderId.$\": \"$.orderId\",\n")
                        .Append("        \"items.$\": \"$.items[?(@.qty > 1)]\",\n        \"note\": \"caf\\u00e9 \\\"quoted\\\"\",\n")
                        .Append("        \"total.$\": \"States.MathAdd($.total, 1)\"\n      },\n      \"ResultPath\": \"$.step\",\n");
                    break;
                case 1:
                    builder.Append("      \"Type\": \"Task\",\n      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n")
                        .Append("      \"Arguments\": {\"FunctionName\": \"fn\", \"Payload\": \"{% $states.input %}\"},\n")
                        .Append("      \"Retry\": [{\"ErrorEquals\": [\"States.ALL\"], \"IntervalSeconds\": 2, \"MaxAttempts\": 3, \"BackoffRate\": 1.5}],\n");
                    break;
                default:
                    builder.Append("      \"Type\": \"Wait\",\n      \"Seconds\": 10,\n");
                    break;
            }

            builder.Append("      \"Next\": \"").Append(next).Append("\"\n    },\n");
            i++;
        }

        builder.Append("    \"State").Append(i.ToString(CultureInfo.InvariantCulture)).Append("\": {\"Type\": \"Succeed\"}\n  }\n}\n");
        return builder.ToString();
    }
}
