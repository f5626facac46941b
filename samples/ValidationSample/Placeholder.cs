namespace ValidationSample;

/// <summary>The sample's only code: the definitions are what the analyzer checks.</summary>
public static class Placeholder
{
}
