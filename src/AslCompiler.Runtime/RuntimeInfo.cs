namespace AslCompiler.Runtime;

/// <summary>Facts about this build of the AslCompiler runtime.</summary>
public static class RuntimeInfo
{
    /// <summary>The informational version of the runtime assembly.</summary>
    public static string Version =>
        typeof(RuntimeInfo).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false) is [System.Reflection.AssemblyInformationalVersionAttribute attribute, ..]
            ? attribute.InformationalVersion
            : "unknown";
}
