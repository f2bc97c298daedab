; Inno Setup 6 script: a per-user Windows installer over the PyInstaller bundle.
;
; packaging/build.py runs it on Windows after the bundle is built:
;   ISCC /DAppVersion=0.1.0 /DSourceDir=dist\article-editor /DOutputDir=dist
;        /DIconFile=build\packaging\icons\article-editor.ico packaging\windows\article-editor.iss
;
; It installs into %LOCALAPPDATA%\Programs\Article Editor without administrator rights, adds a
; Start-menu entry, optionally a desktop icon and the .md association ("Open with"), and
; registers the uninstaller in Settings > Apps.

#ifndef AppVersion
  #error Pass /DAppVersion=<version> (packaging/build.py reads it from pyproject.toml)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\article-editor"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\packaging\icons\article-editor.ico"
#endif

#define AppName "Article Editor"
; The windowed executable; article-editor.exe beside it is the console one (check, --self-test).
#define AppExe "ArticleEditor.exe"
#define ProgId "ArticleEditor.md"

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{6E0B7F3A-0C59-4B8E-9D3B-2F7A1C4E8B21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Jobsolv
VersionInfoVersion={#AppVersion}
; Per user: no administrator rights; {autopf} is then %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=ArticleEditor-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "associatemd"; Description: "Offer {#AppName} to open Markdown (.md) files"; GroupDescription: "File associations:"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; The association as Inno Setup's documentation shows it: a ProgID, listed under the .md
; extension's OpenWithProgids so Windows offers it (it does not take the default from
; another editor). HKA is HKCU\Software\Classes for a per-user install.
Root: HKA; Subkey: "Software\Classes\.md\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associatemd
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Markdown article"; Flags: uninsdeletekey; Tasks: associatemd
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: associatemd
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: associatemd
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".md"; ValueData: ""; Flags: uninsdeletekey; Tasks: associatemd

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Files the app itself created in its folder (QtWebEngine may add an empty locales folder).
Type: filesandordirs; Name: "{app}\_internal"
