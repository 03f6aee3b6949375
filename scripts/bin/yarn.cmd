@"%GROUNDWORK_NODE%" "%~dp0\..\..\.yarn\releases\yarn-4.13.0.cjs" %*
